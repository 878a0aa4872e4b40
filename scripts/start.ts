/**
 * `npm start`: the embedded emulator (Genesys Cloud + Secrets Manager), a local DynamoDB and
 * `serverless offline` on the `local` stage wired to them. Prints curl lines that place a call.
 *
 * It stops whole, leaving no port held, on SIGINT or SIGTERM: Ctrl-C (the terminal signals the
 * whole group) and a signal sent to npm's process alone (an IDE's stop button, a script's kill),
 * which npm forwards to the script's process; package.json's `exec` makes that process this one
 * instead of a shell, which would keep the signal to itself.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEMO, sqsScheduleTarget, start } from '../emulator';
import { startLocalDynamoDB } from '../emulator/local-dynamodb';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { load } from 'js-yaml';
import { localOutput } from './local-output';
import { EventSourceMapping } from '../emulator/event-source-mapping';
import { startLocalSqs } from '../emulator/local-sqs';
import { localPorts, portVariables, takenPortsMessage } from './local-ports';

// Local runs only: the AWS SDK's notice that its releases after January 2027 need Node 22 would be
// printed by every local run on Node 20 (docs/local-development.md). Children inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PORTS = localPorts(process.env);
const [EMULATOR_PORT, DYNAMODB_PORT, OFFLINE_PORT, SQS_PORT, OFFLINE_LAMBDA_PORT] = PORTS.map(({ port }) => port);
/** dialConcurrency: the event source mapping's maximumConcurrency, and each dialer's share of the budget. */
const DIAL_CONCURRENCY = Number(process.env.DIAL_CONCURRENCY ?? 2);
/** The local stage's dialer, as serverless offline names it on its Lambda port. */
const DIALER_FUNCTION = 'genesys-outbound-call-local-dialer';
/** The local stage's callEvents, as serverless offline names it on its Lambda port. */
const CALL_EVENTS_FUNCTION = 'genesys-outbound-call-local-callEvents';
const READY_TIMEOUT_MS = 120_000;
/** How long serverless offline gets to stop on SIGTERM before its process group is killed. */
const OFFLINE_STOP_MS = 3_000;

/** Everything serverless offline and the functions print, instead of one line per request (docs/local-development.md). */
const VERBOSE = process.argv.includes('--verbose') || process.env.LOG_LEVEL !== undefined;

/** What has been started, stopped in reverse order. */
const running: Array<{ name: string; stop: () => Promise<void> }> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const part of running.reverse()) {
      await part.stop().catch((error: unknown) => console.error(`could not stop ${part.name}: ${String(error)}`));
    }
    process.exit(code);
  }
  return new Promise<never>(() => undefined);
}

// From the start, so that a signal during start-up stops what has started so far.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

async function main(): Promise<void> {
  const taken = await takenPortsMessage(PORTS);
  if (taken) throw new CannotStart(taken);

  const emulator = await start({ port: EMULATOR_PORT, log: true });
  running.push({ name: 'the emulator', stop: () => emulator.stop() });
  console.log(`emulator: ${emulator.url} (demo OAuth client ${DEMO.clientId}; records at ${emulator.url}/__emulator/records)`);
  const dynamo = await startLocalDynamoDB(DYNAMODB_PORT);
  running.push({ name: 'the local DynamoDB', stop: () => dynamo.stop() });
  console.log(`local DynamoDB (idempotency store): ${dynamo.url}`);
  const sqs = await startLocalSqs(SQS_PORT);
  running.push({ name: 'the local SQS', stop: () => sqs.stop() });
  console.log(`local SQS (the dial queue): ${sqs.queueUrl}`);
  // Calls for later: the emulator's EventBridge Scheduler sends each at its time to the dial queue.
  emulator.deliverSchedulesTo(sqsScheduleTarget(sqs.client));

  // Its own process group, so that stopping it also stops the esbuild service it starts.
  const offline = spawn(
    join(__dirname, '..', 'node_modules', '.bin', 'serverless'),
    ['offline', 'start', '--stage', 'local', `--param=dialConcurrency=${DIAL_CONCURRENCY}`],
    { cwd: join(__dirname, '..'), detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...portVariables(PORTS) } },
  );
  const show = localOutput({ verbose: VERBOSE });
  for (const [stream, out] of [
    [offline.stdout, process.stdout],
    [offline.stderr, process.stderr],
  ] as const) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const shown = show(line);
      if (shown !== undefined) out.write(`${shown}\n`);
    });
  }
  running.push({ name: 'serverless offline', stop: () => stopGroup(offline) });
  offline.on('exit', (code) => {
    if (!stopping) {
      console.error(`serverless offline exited (${code ?? 'signal'})`);
      void stopAll(code ?? 1);
    }
  });

  await waitForPort(OFFLINE_PORT);
  // Each placed call plays its script on the emulator, whose Genesys events reach callEvents as
  // EventBridge would deliver them (emulator/README.md, Calls play out).
  emulator.deliverCallEventsTo({ lambdaUrl: `http://127.0.0.1:${OFFLINE_LAMBDA_PORT}`, functionName: CALL_EVENTS_FUNCTION });
  // Lambda's SQS event source mapping, as serverless.yml's dialer event sets it (batchSize 10,
  // maximumConcurrency dialConcurrency): the dial queue's messages reach the dialer.
  const mapping = new EventSourceMapping({
    client: sqs.client,
    queueUrl: sqs.queueUrl,
    queueArn: sqs.queueArn,
    batchSize: 10,
    maximumConcurrency: DIAL_CONCURRENCY,
    target: { lambdaUrl: `http://127.0.0.1:${OFFLINE_LAMBDA_PORT}`, functionName: DIALER_FUNCTION },
  });
  mapping.start();
  running.push({ name: 'the event source mapping', stop: () => mapping.stop() });
  // POST /calls uses IAM authorization, checked locally by scripts/offline-iam-auth.cjs: requests
  // are signed (SigV4) with the local stage's key pair, local/local.
  const curl = `curl -s --aws-sigv4 "aws:amz:us-east-1:execute-api" --user local:local -X POST http://127.0.0.1:${OFFLINE_PORT}/calls -H 'content-type: application/json'`;
  const { allowed, defaultCountry } = localCountries();
  const get = `curl -s --aws-sigv4 "aws:amz:us-east-1:execute-api" --user local:local http://127.0.0.1:${OFFLINE_PORT}/calls`;
  console.log(`
Ready. The local stage calls numbers of ${allowed} (ALLOWED_COUNTRIES); a number without + is read
as ${defaultCountry} (DEFAULT_COUNTRY). Both are set in serverless.yml's local environment.

Place a call (it rings the emulator, not a phone):

  ${curl} -d '{"to": "(415) 555-0100"}'

See what would be sent without calling:

  ${curl} -d '{"to": "020 7946 0018", "country": "GB", "dryRun": true}'

Send it twice with one Idempotency-Key: one call, the same answer twice:

  KEY=$(uuidgen 2>/dev/null || date +%s%N)
  ${curl} -H "Idempotency-Key: $KEY" -d '{"to": "(415) 555-0100"}'

Place one and follow it as it rings, is answered and ends (about 3 s; a number ending 0486 is busy,
0480 unanswered, 0404 invalid):

  ID=$(${curl} -d '{"to": "(415) 555-0100"}' | sed -n 's/.*"conversationId":"\\([^"]*\\)".*/\\1/p')
  for i in 1 2 3 4; do sleep 1; ${get}/$ID; echo; done

The same from TypeScript, signed by the AWS SDK's signer (examples/README.md):

  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local OFFLINE_PORT=${OFFLINE_PORT} npm run --silent example -- "(415) 555-0100"

Queue a list (each call dialled at most once, at the stack's pace), then follow it:

  ${curl.replace('/calls', '/batches')} -d '{"label": "demo", "calls": [{"to": "(415) 555-0100"}, {"to": "not a number"}, {"to": "+1 415 555 0102"}]}'
  curl -s --aws-sigv4 "aws:amz:us-east-1:execute-api" --user local:local http://127.0.0.1:${OFFLINE_PORT}/batches/<batchId>

Each change is also put on the emulated default EventBridge bus as a Call outcome event, printed
here as "event bus: Call outcome …" (CALL_OUTCOME_EVENTS=false npm start puts none).

Requests must be SigV4-signed, as API Gateway's IAM authorization requires (local key pair: local/local).
One line per request below; npm start -- --verbose shows the functions' full logs and metrics.
Ctrl-C (or SIGINT or SIGTERM to npm's process) stops everything.
`);
}

/** The local stage's destination policy, as serverless.yml's local environment sets it. */
function localCountries(): { allowed: string; defaultCountry: string } {
  const yml = load(readFileSync(join(__dirname, '..', 'serverless.yml'), 'utf8')) as { custom: { environment: { local: Record<string, string> } } };
  const local = yml.custom.environment.local;
  return { allowed: (local.ALLOWED_COUNTRIES ?? local.DEFAULT_COUNTRY ?? 'US').split(',').join(', '), defaultCountry: local.DEFAULT_COUNTRY ?? 'US' };
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      // Any HTTP answer means serverless offline is listening.
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw new Error(`serverless offline did not listen on port ${port} within ${READY_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM to the process group, then SIGKILL if it has not exited in time; resolves once it has exited. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  const group = -child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(group, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), OFFLINE_STOP_MS);
  return exited.finally(() => {
    clearTimeout(timer);
    // The group's other processes (esbuild's service) go with it.
    signalGroup(group, 'SIGKILL');
  });
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch {
    // already gone
  }
}

/** npm start cannot start as things are: the message says why and what to do, so no stack trace is shown. */
class CannotStart extends Error {
  override readonly name = 'CannotStart';
}

main().catch((error: unknown) => {
  console.error(error instanceof CannotStart ? error.message : error);
  void stopAll(1);
});
