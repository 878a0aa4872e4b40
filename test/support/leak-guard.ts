import { basename } from 'node:path';
import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { writeReport } from './test-report';

/**
 * Runs around every test file (jest setupFilesAfterEnv). It keeps everything the code under test
 * writes to stdout/stderr (the structured logs) and every answer the tests hand it, and after the
 * file checks that no client secret, hash key, access token or full phone number appears in any of it, nor in
 * any event the code put on an emulator's EventBridge bus. The
 * values come from the emulators the file started, which remember every secret, token and number
 * they ever saw. LEAK_GUARD_DEBUG=1 prints the offending line (it holds the leaked value).
 */
const written: string[] = [];
const observed: string[] = [];
const emulators: Emulator[] = [];
const ownCanaries: string[] = [];
let logLines = 0;

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    written.push(text);
    // The service's JSON log lines are kept for the check but not printed: they would drown the
    // test report. Anything else (a warning, a crash) still reaches the terminal.
    const lines = text.split('\n').filter(Boolean);
    // Log lines, and the metrics' EMF lines (test/support/emf.ts reads those).
    const logs = lines.filter((line) => line.startsWith('{"level":') || line.startsWith('{"_aws":'));
    logLines += logs.length;
    if (logs.length === lines.length) {
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

export const leakGuard = {
  /** An answer (response body, headers, a child process's output) to check too. */
  observe(text: string): void {
    observed.push(text);
  },
  /** An emulator whose secrets, tokens and numbers must never show up. */
  watch(emulator: Emulator): void {
    emulators.push(emulator);
  },
  /** A value the file's test sent that never reaches an emulator (e.g. a number put on the suppression list) and must never show up either. */
  canary(value: string): void {
    ownCanaries.push(value);
  },
};

function mask(value: string): string {
  return value.length <= 6 ? '***' : `${value.slice(0, 2)}…${value.slice(-2)} (${value.length} chars)`;
}

afterAll(() => {
  const canaries = new Set<string>([DEMO.clientSecret, DEMO.hashKey, ...emulators.flatMap((emulator) => emulator.leakCanaries()), ...ownCanaries]);
  // What the code under test put on the emulators' event bus counts as an answer: users' rules read it.
  const busEvents = emulators.flatMap((emulator) => emulator.leakHaystacks());
  const haystacks = [...written, ...observed, ...busEvents];
  const leaks: string[] = [];
  for (const canary of canaries) {
    if (canary.length < 6) continue;
    const where = haystacks.findIndex((text) => text.includes(canary));
    const place = where < written.length ? 'a log line' : where < written.length + observed.length ? 'an answer' : 'an event put on the bus';
    if (where >= 0) leaks.push(`${mask(canary)} in ${place}`);
    if (where >= 0 && process.env.LEAK_GUARD_DEBUG) process.stderr.write(`LEAKDEBUG ${haystacks[where]}\n`);
  }
  writeReport('leak-guard', {
    file: basename(expect.getState().testPath ?? 'unknown'),
    logLines,
    answers: observed.length,
    busEvents: busEvents.length,
    canaries: canaries.size,
    leaks: leaks.length,
  });
  if (leaks.length > 0) throw new Error(`Secrets, tokens or phone numbers leaked: ${leaks.join('; ')}`);
});
