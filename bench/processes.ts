import { spawn } from 'node:child_process';
import type { ChildResult } from './protocol';
import { RESULT_MARKER } from './protocol';

export interface ChildRun<R extends ChildResult> {
  result: R;
  /** From spawn() to the result line arriving, seen from this process: includes creating the process, before Node's clock starts. */
  spawnToResultMs: number;
  /** From spawn() to the child's exit: adds the process's teardown, which a Lambda container never pays during a request. */
  spawnToExitMs: number;
  /** Lines the handler printed (its logs), not counting the result line. */
  logLines: number;
  logBytes: number;
}

/**
 * Runs `<node> <child> <args…>` with exactly `env` (nothing inherited: no NODE_OPTIONS, no tsx
 * loader) and reads its one result line.
 */
export function runChild<R extends ChildResult>(node: string, child: string, args: string[], env: Record<string, string>): Promise<ChildRun<R>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const process_ = spawn(node, [child, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let spawnToResultMs: number | undefined;
    let tail = '';
    process_.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (spawnToResultMs !== undefined) return;
      const text = tail + chunk.toString('latin1');
      if (text.includes(RESULT_MARKER)) spawnToResultMs = performance.now() - started;
      tail = text.slice(-RESULT_MARKER.length);
    });
    process_.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    process_.on('error', reject);
    process_.on('close', (code, signal) => {
      const spawnToExitMs = performance.now() - started;
      const lines = Buffer.concat(stdout).toString('utf8').split('\n');
      const resultLine = lines.find((line) => line.startsWith(RESULT_MARKER));
      if (code !== 0 || resultLine === undefined) {
        reject(new Error(`child ${args.join(' ')} exited with ${code ?? signal}:\n${Buffer.concat(stderr).toString('utf8')}${lines.slice(-5).join('\n')}`));
        return;
      }
      const logs = lines.filter((line) => line !== '' && line !== resultLine);
      resolve({
        result: JSON.parse(resultLine.slice(RESULT_MARKER.length)) as R,
        spawnToResultMs: spawnToResultMs ?? spawnToExitMs,
        spawnToExitMs,
        logLines: logs.length,
        logBytes: logs.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0),
      });
    });
  });
}
