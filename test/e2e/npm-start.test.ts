import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import type { Started } from '../support/processes';
import { freePort, run, startProcess } from '../support/processes';
import { waitUntil } from '../support/harness';
import { signedPost } from '../support/sigv4';

// `npm start` as a user or their tools run it: the real npm, the real script, the real serverless
// offline. It prints one line per request (everything with --verbose); the example client
// (examples/) places and follows a call against it, so the example cannot rot; it stops whole when npm's
// process alone is sent SIGINT or SIGTERM (an IDE's stop button, a script's kill: not a terminal's
// Ctrl-C, which signals the whole group), leaving no port held; and a port that is taken is named
// with its variable, without a stack trace.

jest.setTimeout(180_000);

const VARIABLES = ['EMULATOR_PORT', 'DYNAMODB_PORT', 'OFFLINE_PORT', 'SQS_PORT', 'OFFLINE_LAMBDA_PORT'] as const;
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

async function startNpmStart(ports: Ports, args: string[] = []): Promise<Started> {
  const started = startProcess('npm', ['start', ...args], asEnv(ports));
  await waitUntil(() => started.output().includes('\nReady.') || started.child.exitCode !== null, () => `npm start not ready:\n${started.output()}`, 150_000);
  if (!started.output().includes('\nReady.')) throw new Error(`npm start exited before it was ready:\n${started.output()}`);
  return started;
}

/** Sends `signal` to npm's process alone, then reports whether everything stopped within 15 s. */
async function signalAndWatch(npmStart: Started, ports: Ports, signal: NodeJS.Signals) {
  const pid = npmStart.child.pid as number;
  const exited = new Promise<number | null>((resolve) => npmStart.child.once('exit', (code) => resolve(code)));
  process.kill(pid, signal);
  const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
  const free = await Promise.all(Object.values(ports).map((port) => isFree(port)));
  // tsx's esbuild service leaves on its own once the script's process has gone.
  await waitUntil(() => !groupAlive(pid), () => 'npm start left processes behind', 5_000).catch(() => undefined);
  return { code, portsFree: free, groupLeft: groupAlive(pid) && execFileSync('ps', ['-o', 'pid=,args=', '-g', String(pid)], { encoding: 'utf8' }) };
}

const STOPPED = { code: 0, portsFree: [true, true, true, true, true], groupLeft: false };

describe('npm start', () => {
  let ports: Ports;
  let npmStart: Started;
  beforeAll(async () => {
    ports = await freePorts();
    npmStart = await startNpmStart(ports);
  });
  // Whatever the tests found, nothing is left running: a script npm left behind is still in npm's
  // group, and stops serverless offline's group on SIGTERM.
  afterAll(() => stopGroup(npmStart.child.pid as number));

  it("prints the local stage's allowed countries, and one line per request: function, route, status, time", async () => {
    // Act
    const placed = await signedPost(`http://127.0.0.1:${ports.OFFLINE_PORT}/calls`, JSON.stringify({ to: '(415) 555-0100' }));
    const refused = await signedPost(`http://127.0.0.1:${ports.OFFLINE_PORT}/calls`, JSON.stringify({ to: '12' }));
    await waitUntil(() => /^createCall +POST \/calls 422 /m.test(npmStart.output()), () => `no line for the refused request:\n${npmStart.output()}`, 30_000);

    // Assess
    const output = npmStart.output();
    expect({
      statuses: [placed.status, refused.status],
      countries: output.includes('The local stage calls numbers of US, CA, GB (ALLOWED_COUNTRIES)'),
      requestLines: output.split('\n').filter((line) => line.startsWith('createCall ')).map((line) => line.replace(/ \d+ ms$/, ' … ms')),
      metricsOrLogJson: output.split('\n').filter((line) => line.startsWith('{')),
    }).toEqual({
      statuses: [201, 422],
      countries: true,
      requestLines: ['createCall     POST /calls 201 placed … ms', 'createCall     POST /calls 422 refused invalid_phone_number … ms'],
      metricsOrLogJson: [],
    });
  });

  it('runs the example client: a call placed through the signed API, followed until it ends', async () => {
    // Act: examples/place-and-follow.ts as its README runs it, with the local key pair in the environment.
    const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'example', '--', '(415) 555-0100'], {
      OFFLINE_PORT: String(ports.OFFLINE_PORT),
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_PROFILE: '',
      AWS_EC2_METADATA_DISABLED: 'true',
    }, 60_000);

    // Assess
    const lines = stdout.trim().split('\n');
    expect({ code, stderr, placed: /^placed [0-9a-f-]{36} to \+\*{7}0100$/.test(lines[0]), outcome: JSON.parse(lines[lines.length - 1]) as unknown }).toEqual({
      code: 0,
      stderr: '',
      placed: true,
      outcome: expect.objectContaining({ status: 'ended', answered: true, to: '+*******0100', toCountry: 'US' }),
    });
  });

  it("stops whole on SIGINT sent to npm's process alone, leaving no port held", async () => {
    expect(await signalAndWatch(npmStart, ports, 'SIGINT')).toEqual(STOPPED);
  });
});

describe('npm start -- --verbose', () => {
  let ports: Ports;
  let npmStart: Started;
  beforeAll(async () => {
    ports = await freePorts();
    npmStart = await startNpmStart(ports, ['--', '--verbose']);
  });
  afterAll(() => stopGroup(npmStart.child.pid as number));

  it("prints the functions' log lines and metrics as they come", async () => {
    // Act
    const placed = await signedPost(`http://127.0.0.1:${ports.OFFLINE_PORT}/calls`, JSON.stringify({ to: '(415) 555-0100' }));
    await waitUntil(() => npmStart.output().includes('"CallsPlaced":1'), () => `no metrics line:\n${npmStart.output()}`, 30_000);

    // Assess
    const output = npmStart.output();
    expect({ status: placed.status, logLine: /^\{"level":"INFO","message":"call placed",/m.test(output), metricsLine: /^\{"_aws":/m.test(output) }).toEqual({
      status: 201,
      logLine: true,
      metricsLine: true,
    });
  });

  it("stops whole on SIGTERM sent to npm's process alone, leaving no port held", async () => {
    expect(await signalAndWatch(npmStart, ports, 'SIGTERM')).toEqual(STOPPED);
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
      othersFree: [true, true, true, true],
    });
    expect(stdout).not.toMatch(/EADDRINUSE|^\s+at /m);
  });
});
