import { createServer } from 'node:net';
import type { Server } from 'node:net';
import type { Started } from '../support/processes';
import { freePort, run, startProcess } from '../support/processes';
import { waitUntil } from '../support/harness';

// `npm start` as a user or their tools run it: the real npm, the real script, the real serverless
// offline. It stops whole when npm's process alone is sent SIGINT or SIGTERM (an IDE's stop
// button, a script's kill: not a terminal's Ctrl-C, which signals the whole group), leaving no
// port held; and a port that is taken is named with its variable, without a stack trace.

jest.setTimeout(180_000);

const VARIABLES = ['EMULATOR_PORT', 'DYNAMODB_PORT', 'OFFLINE_PORT', 'OFFLINE_LAMBDA_PORT'] as const;
type Ports = Record<(typeof VARIABLES)[number], number>;

async function freePorts(): Promise<Ports> {
  const ports = await Promise.all(VARIABLES.map(() => freePort()));
  return Object.fromEntries(VARIABLES.map((variable, index) => [variable, ports[index]])) as Ports;
}

const asEnv = (ports: Ports): Record<string, string> => Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether any process is left in the process group npm was started in. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to a process group, SIGKILL if anything is left in it after 10 s. */
async function stopGroup(pid: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group is gone
    }
  };
  signal('SIGTERM');
  await waitUntil(() => !groupAlive(pid), () => 'npm start still running', 10_000).catch(() => signal('SIGKILL'));
}

async function startNpmStart(ports: Ports): Promise<Started> {
  const started = startProcess('npm', ['start'], asEnv(ports));
  await waitUntil(() => started.output().includes('\nReady.') || started.child.exitCode !== null, () => `npm start not ready:\n${started.output()}`, 150_000);
  if (!started.output().includes('\nReady.')) throw new Error(`npm start exited before it was ready:\n${started.output()}`);
  return started;
}

describe.each(['SIGINT', 'SIGTERM'] as const)('npm start, sent %s on its own process', (signal) => {
  let ports: Ports;
  let npmStart: Started;
  beforeAll(async () => {
    ports = await freePorts();
    npmStart = await startNpmStart(ports);
  });
  // Whatever the test found, nothing is left running: a script npm left behind is still in npm's
  // group, and stops serverless offline's group on SIGTERM.
  afterAll(() => stopGroup(npmStart.child.pid as number));

  it('stops the emulator, the local DynamoDB and serverless offline, leaving no port held', async () => {
    // Prepare
    const pid = npmStart.child.pid as number;
    const exited = new Promise<number | null>((resolve) => npmStart.child.once('exit', (code) => resolve(code)));

    // Act: npm's process alone, not its group.
    process.kill(pid, signal);
    const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000))]);

    // Assess
    const free = await Promise.all(Object.values(ports).map((port) => isFree(port)));
    expect({ code, portsFree: free, groupLeft: groupAlive(pid) }).toEqual({ code: 0, portsFree: [true, true, true, true], groupLeft: false });
  });
});

describe('npm start on a port that is taken', () => {
  let holder: Server;
  afterEach(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it.each(['OFFLINE_PORT', 'DYNAMODB_PORT'] as const)('names %s and how to move it, without a stack trace, and starts nothing', async (variable) => {
    // Prepare
    const ports = await freePorts();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(ports[variable], '127.0.0.1', resolve));

    // Act
    const { code, stdout, stderr } = await run('npm', ['start'], asEnv(ports), 60_000);

    // Assess
    const serves = { OFFLINE_PORT: "serverless offline's HTTP API", DYNAMODB_PORT: 'the local DynamoDB' }[variable];
    const moved = VARIABLES.map((name) => `${name}=${ports[name] + 100}`).join(' ');
    expect({ code, stderr: stderr.trim().split('\n'), othersFree: await Promise.all(VARIABLES.filter((name) => name !== variable).map((name) => isFree(ports[name]))) }).toEqual({
      code: 1,
      stderr: [`Port ${ports[variable]} (${variable}, for ${serves}) is taken by another program.`, `Stop what holds it, or start on other ports: ${moved} npm start`],
      othersFree: [true, true, true],
    });
    expect(stdout).not.toMatch(/EADDRINUSE|^\s+at /m);
  });
});
