/**
 * `npm start`: the embedded emulator (Genesys Cloud + Secrets Manager) and `serverless offline` on
 * the `local` stage wired to it. Prints a curl line that places a call; Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEMO, start } from '../emulator';
import { DEFAULT_DYNAMODB_PORT, startLocalDynamoDB } from '../emulator/local-dynamodb';
import { emulatorAnswers, isPortTaken } from '../emulator/port-taken';

// Local runs only: the AWS SDK's notice that its releases after January 2027 need Node 22 would be
// printed by every local run on Node 20 (docs/local-development.md). Children inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 9100);
const OFFLINE_PORT = Number(process.env.OFFLINE_PORT ?? 3000);
const DYNAMODB_PORT = Number(process.env.DYNAMODB_PORT ?? DEFAULT_DYNAMODB_PORT);
const OFFLINE_LAMBDA_PORT = Number(process.env.OFFLINE_LAMBDA_PORT ?? 3002);
/** The local stage's callEvents, as serverless offline names it on its Lambda port. */
const CALL_EVENTS_FUNCTION = 'genesys-outbound-call-local-callEvents';
const READY_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  const emulator = await start({ port: EMULATOR_PORT, log: true }).catch(async (error: unknown) => {
    if (!isPortTaken(error)) throw error;
    const holder = (await emulatorAnswers('127.0.0.1', EMULATOR_PORT)) ? 'an emulator that is already running (npm run emulator, or another npm start)' : 'another program';
    throw new PortTaken(
      `Port ${EMULATOR_PORT} is taken by ${holder}. npm start runs its own emulator: stop that one first, or pick other ports, e.g. ` +
        `EMULATOR_PORT=${EMULATOR_PORT + 100} DYNAMODB_PORT=${DYNAMODB_PORT + 100} OFFLINE_PORT=${OFFLINE_PORT + 100} OFFLINE_LAMBDA_PORT=${OFFLINE_LAMBDA_PORT + 100} npm start`,
    );
  });
  console.log(`emulator: ${emulator.url} (demo OAuth client ${DEMO.clientId}; records at ${emulator.url}/__emulator/records)`);
  const dynamo = await startLocalDynamoDB(DYNAMODB_PORT);
  console.log(`local DynamoDB (idempotency store): ${dynamo.url}`);

  // Its own process group, so that stopping it also stops the esbuild service it starts.
  const offline = spawn(
    join(__dirname, '..', 'node_modules', '.bin', 'serverless'),
    ['offline', 'start', '--stage', 'local'],
    {
      cwd: join(__dirname, '..'),
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, EMULATOR_PORT: String(emulator.port), DYNAMODB_PORT: String(dynamo.port), OFFLINE_PORT: String(OFFLINE_PORT), OFFLINE_LAMBDA_PORT: String(OFFLINE_LAMBDA_PORT) },
    },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (offline.exitCode === null && offline.pid) {
      try {
        process.kill(-offline.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await Promise.all([emulator.stop(), dynamo.stop()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  offline.on('exit', (code) => {
    if (!stopping) {
      console.error(`serverless offline exited (${code ?? 'signal'})`);
      void stop(code ?? 1);
    }
  });

  await waitForPort(OFFLINE_PORT);
  // Each placed call plays its script on the emulator, whose Genesys events reach callEvents as
  // EventBridge would deliver them (emulator/README.md, Calls play out).
  emulator.deliverCallEventsTo({ lambdaUrl: `http://127.0.0.1:${OFFLINE_LAMBDA_PORT}`, functionName: CALL_EVENTS_FUNCTION });
  // POST /calls uses IAM authorization, checked locally by scripts/offline-iam-auth.cjs: requests
  // are signed (SigV4) with the local stage's key pair, local/local.
  const curl = `curl -s --aws-sigv4 "aws:amz:us-east-1:execute-api" --user local:local -X POST http://127.0.0.1:${OFFLINE_PORT}/calls -H 'content-type: application/json'`;
  console.log(`
Ready. Place a call (it rings the emulator, not a phone):

  ${curl} -d '{"to": "(415) 555-0100"}'

See what would be sent without calling:

  ${curl} -d '{"to": "020 7946 0018", "country": "GB", "dryRun": true}'

Send it twice with one Idempotency-Key: one call, the same answer twice:

  KEY=$(uuidgen 2>/dev/null || date +%s%N)
  ${curl} -H "Idempotency-Key: $KEY" -d '{"to": "(415) 555-0100"}'

Then watch it ring, answer and end (ringing, connected, ended with talkSeconds, within about 3 s);
a number ending 0486 is busy, 0480 unanswered, 0404 invalid:

  curl -s --aws-sigv4 "aws:amz:us-east-1:execute-api" --user local:local http://127.0.0.1:${OFFLINE_PORT}/calls/<conversationId>

Each change is also put on the emulated default EventBridge bus as a Call outcome event, printed
here as "event bus: Call outcome …" (CALL_OUTCOME_EVENTS=false npm start puts none).

Requests must be SigV4-signed, as API Gateway's IAM authorization requires (local key pair: local/local).
Ctrl-C stops the emulator and serverless offline.`);
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

/** A port is taken: the message says by whom and what to do, so no stack trace is shown. */
class PortTaken extends Error {
  override readonly name = 'PortTaken';
}

main().catch((error: unknown) => {
  console.error(error instanceof PortTaken ? error.message : error);
  process.exit(1);
});
