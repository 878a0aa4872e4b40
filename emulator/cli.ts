/**
 * `npm run emulator [-- --port N --host H]`: the emulator as a standalone process, for
 * `serverless offline`, `serverless invoke local` and curl. Stops cleanly on Ctrl-C / SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DYNAMODB_PORT, IDEMPOTENCY_TABLE, startLocalDynamoDB } from './local-dynamodb';
import { emulatorAnswers, isPortTaken } from './port-taken';
import { DEMO } from './seed';
import { start } from './start';

// Local runs only: the AWS SDK's notice that its releases after January 2027 need Node 22 would be
// printed by every local run on Node 20 (docs/local-development.md). Children inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The port when neither --port nor EMULATOR_PORT says otherwise: fixed, so .env files can name it. */
const DEFAULT_PORT = 9100;
const DEFAULT_HOST = '127.0.0.1';

async function main(): Promise<void> {
  // Piped into `head` or a closed terminal, stdout goes away: keep serving (and stop cleanly) without it.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) {
    console.log('Usage: npm run emulator -- [--port N (default $EMULATOR_PORT or 9100)] [--host H (default 127.0.0.1)]');
    return;
  }
  // Option, then environment, then default.
  const portText = values.port ?? process.env.EMULATOR_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${JSON.stringify(portText)}.`);

  const host = values.host ?? DEFAULT_HOST;
  const emulator = await start({ port, host, log: true }).catch(async (error: unknown) => {
    if (isPortTaken(error)) throw new Error(await emulatorPortTaken(host, port));
    throw error;
  });
  // The idempotency store for requests with an Idempotency-Key (a real DynamoDB implementation).
  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? DEFAULT_DYNAMODB_PORT);
  const dynamo = await startLocalDynamoDB(dynamoPort, host).catch(async (error: unknown) => {
    await emulator.stop();
    if (isPortTaken(error)) throw new Error(dynamoPortTaken(dynamoPort));
    throw error;
  });
  console.log(
    [
      `Genesys Cloud + Secrets Manager + EventBridge emulator listening on ${emulator.url}`,
      '',
      'Point the service at it:',
      `  GENESYS_API_URL=${emulator.url}`,
      `  GENESYS_LOGIN_URL=${emulator.url}`,
      `  AWS_ENDPOINT_URL_SECRETS_MANAGER=${emulator.url}`,
      `  AWS_ENDPOINT_URL_EVENTBRIDGE=${emulator.url} CALL_OUTCOME_EVENTS=true   (Call outcome events, printed below as they are put)`,
      `  GENESYS_CREDENTIALS_SECRET_ID=${DEMO.secretId}`,
      `  HASH_KEY_SECRET_ID=${DEMO.hashKeySecretId}   (the stack's hash key, for Idempotency-Key fingerprints)`,
      `  GENESYS_CALL_USER_ID=${DEMO.userWithStation.id}`,
      '  AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test   (any values: signatures are not checked)',
      `  AWS_ENDPOINT_URL_DYNAMODB=${dynamo.url} IDEMPOTENCY_TABLE=${IDEMPOTENCY_TABLE}   (local DynamoDB, dynalite)`,
      '',
      'Demo data (fake):',
      `  OAuth client            ${DEMO.clientId} / ${DEMO.clientSecret}`,
      `  user with a station     ${DEMO.userWithStation.id}`,
      `  user without a station  ${DEMO.userWithoutStation.id}`,
      `  queue                   ${DEMO.queue.id}`,
      '',
      `Control: ${emulator.url}/__emulator/records (GET), /reset, /faults, … (see emulator/README.md). Ctrl-C stops.`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the emulator`);
    void Promise.all([emulator.stop(), dynamo.stop()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Port taken: by a running emulator (npm start's, or another npm run emulator), or by something else. */
async function emulatorPortTaken(host: string, port: number): Promise<string> {
  const otherPorts = `pick other ports for both: EMULATOR_PORT=${port + 100} DYNAMODB_PORT=${port + 101} npm run emulator, and the same variables for serverless invoke local`;
  if (await emulatorAnswers(host, port)) {
    return [
      `Port ${port} is taken by an emulator that is already running (npm start runs one, as does another npm run emulator).`,
      'Nothing to do: serverless invoke local already works against it, e.g.',
      '  npx serverless invoke local -f createCall --stage local --path events/http-api-call.json',
      `To run a second emulator anyway, ${otherPorts}.`,
    ].join('\n');
  }
  return `Port ${port} is taken by another program. Stop it, or ${otherPorts}.`;
}

function dynamoPortTaken(port: number): string {
  return [
    `Port ${port}, the local DynamoDB's, is taken: by the local DynamoDB of a running npm start or npm run emulator, or by another program.`,
    `Stop it, or pick another port: DYNAMODB_PORT=${port + 100} npm run emulator, and the same variable for serverless invoke local.`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
