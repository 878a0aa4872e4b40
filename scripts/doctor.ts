/**
 * `npm run doctor -- --stage <stage> [flags]`: the doctor's checks (lib/doctor) from a laptop, with the
 * settings the deployed function has (scripts/doctor-settings.ts) and this machine's AWS identity.
 * `--stage local` checks the emulator, starting one (and the local DynamoDB) if none answers at the
 * local stage's URL.
 * Exit codes: EXIT below.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Emulator } from '../emulator';
import { start } from '../emulator';
import type { LocalDynamoDB } from '../emulator/local-dynamodb';
import { startLocalDynamoDB } from '../emulator/local-dynamodb';
import { LazyDynamoDB } from '../lib/aws/dynamodb-client';
import type { Config } from '../lib/config';
import { loadConfig } from '../lib/config';
import { DOCTOR_BUDGET_MS } from '../lib/doctor/deadline';
import { runDoctor } from '../lib/doctor/run';
import { formatTable } from '../lib/doctor/table';
import { ConfigurationError } from '../lib/config';
import { maskPhoneNumber } from '../lib/telemetry/masking';
import type { DoctorReport } from '../lib/doctor/run';
import { missingCredentialsMessage } from './aws-credentials';
import type { Env, Settings } from './doctor-settings';
import { resolveSettings, stackRegion } from './doctor-settings';

// A run from a laptop: the AWS SDK's notice that its releases after January 2027 need Node 22 says
// nothing about the org being checked (docs/local-development.md). The deployed function is untouched.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * The exit codes, so that `npm run doctor && deploy` goes on only when every check passed: an org
 * the doctor could not see into (a read refused, no AWS credentials) is not a verified one.
 */
const EXIT = {
  /** Every check passed. */
  passed: 0,
  /** A check failed: its fix says what to do. */
  failed: 1,
  /** The doctor could not run (a bad option, settings it could not read). */
  couldNotRun: 2,
  /** Nothing failed, but at least one check could not be verified (unknown). */
  unverified: 3,
} as const;

const USAGE = `Usage: npm run doctor -- --stage <stage> [options]

Checks the Genesys org with the settings of the stage's deployed function (or, before the first
deploy, of serverless.yml), and says what to fix. Places no call unless --call is given.

  --stage <stage>            required; "local" checks the emulator (started if none is running)
  --aws-region <region>      the stack's AWS region (default $AWS_REGION, else us-east-1)
  --genesys-region <region>  check this Genesys region instead of the configured one
  --secret-id <id>           read the OAuth client from this secret instead
  --user <id>                also check this user (and place --call on their behalf)
  --queue <id>               check this queue and the user's membership
  --param <name=value>       a deploy param for serverless.yml, before the first deploy (repeatable)
  --call <number>            place ONE real call to this number, as POST /calls would
  --yes                      do not ask before --call (required when not on a terminal)
  --json                     print the report as JSON (npm run --silent doctor -- … --json: no npm banner)

Exit code: 0 every check passed, 1 a check failed, 3 nothing failed but a check could not be
verified (UNKNOWN), 2 the doctor could not run.
`;

/** Usage and settings problems: the doctor did not run. */
class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      'aws-region': { type: 'string' },
      'genesys-region': { type: 'string' },
      'secret-id': { type: 'string' },
      user: { type: 'string' },
      queue: { type: 'string' },
      param: { type: 'string', multiple: true },
      call: { type: 'string' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.passed;
  }
  if (!values.stage) throw new UsageError('--stage is required (e.g. --stage prod, or --stage local for the emulator).');
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (values.call !== undefined && values.yes !== true && !interactive) {
    throw new UsageError('--call places a real call: add --yes to confirm it when not on a terminal.');
  }
  // Without AWS credentials every read of a deployed stage fails: that comes first, with its fix.
  const noCredentials = values.stage === 'local' ? undefined : await missingCredentialsMessage(stackRegion(values['aws-region']), process.env.AWS_PROFILE);
  if (noCredentials) process.stderr.write(`${noCredentials}\n\n`);
  process.stderr.write(`Reading the settings of stage ${values.stage}…\n`);

  // Before the first deploy the flags stand in for the deploy params serverless.yml requires.
  const params = [
    ...(values['genesys-region'] ? [`genesysRegion=${values['genesys-region']}`] : []),
    ...(values['secret-id'] ? [`genesysSecretName=${values['secret-id']}`] : []),
    ...(values.param ?? []),
  ];
  const settings = await resolveSettings({ stage: values.stage, awsRegion: values['aws-region'], params });
  const env = withFlags(settings.env, values);
  const config = configFrom(env);
  if (values.call !== undefined) await confirmCall(values.call, values.yes === true, config, values.user);

  const emulator = values.stage === 'local' ? await ensureEmulator(env) : undefined;
  const dynamo = values.stage === 'local' ? await ensureLocalDynamoDB(env) : undefined;
  try {
    const report = await runDoctor({
      config,
      ...(values.user ? { user: values.user } : {}),
      ...(values.queue ? { queue: values.queue } : {}),
      ...(values.call ? { call: values.call } : {}),
      deadline: Date.now() + DOCTOR_BUDGET_MS,
      secretsManager: secretsManager(env, settings),
      dynamodb: dynamodb(env, settings),
    });
    const where = { stage: values.stage, settings: settings.source, awsRegion: settings.awsRegion, ...(emulator ? { emulator: `started at ${emulator.url} for this run` } : {}) };
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...where, ...report }, null, 2)}\n`);
    } else {
      const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
      process.stdout.write(`Doctor, stage ${where.stage}: settings from ${where.settings}${emulator ? `; ${where.emulator}` : ''}\n\n`);
      process.stdout.write(`${formatTable(report, { colour })}\n`);
    }
    return exitCode(report);
  } finally {
    await emulator?.stop();
    await dynamo?.stop();
  }
}

function exitCode(report: DoctorReport): number {
  if (!report.ok) return EXIT.failed;
  return report.checks.some((check) => check.status === 'unknown') ? EXIT.unverified : EXIT.passed;
}

/** The flags that name a setting replace it. */
function withFlags(env: Env, values: { 'genesys-region'?: string; 'secret-id'?: string }): Env {
  const result = { ...env };
  if (values['genesys-region']) {
    result.GENESYS_REGION = values['genesys-region'];
    // URLs win over the region in lib/config.ts: a region named on purpose means its real hosts.
    delete result.GENESYS_API_URL;
    delete result.GENESYS_LOGIN_URL;
  }
  if (values['secret-id']) result.GENESYS_CREDENTIALS_SECRET_ID = values['secret-id'];
  return result;
}

function configFrom(env: Env): Config | ConfigurationError {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
}

/** The real SDK client, in the stack's region; the local stage's own endpoint and key pair when it has them. */
function secretsManager(env: Env, settings: Settings): SecretsManagerClient {
  const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  const localKeys = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } } : {};
  return new SecretsManagerClient({
    region: settings.awsRegion,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
    ...(endpoint ? { endpoint, ...localKeys } : {}),
  });
}

/** The tables' client, in the stack's region; the local stage's DynamoDB and key pair when it has them. */
function dynamodb(env: Env, settings: Settings): LazyDynamoDB {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  const localKeys = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } } : {};
  return new LazyDynamoDB({ region: settings.awsRegion, ...(endpoint ? { endpoint, ...localKeys } : {}) });
}

/** A real call rings a real phone: on a terminal, ask (elsewhere --yes was checked first). */
async function confirmCall(number: string, yes: boolean, config: Config | ConfigurationError, user: string | undefined): Promise<void> {
  if (yes) return;
  const from = user ?? (config instanceof ConfigurationError ? undefined : config.genesys.callUserId) ?? 'the token’s own user';
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`This places a real call to ${maskPhoneNumber(number)} on behalf of ${from}. Type yes to go on: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new UsageError('No call placed.');
  } finally {
    prompt.close();
  }
}

/** The local stage's emulator: the one already answering at its URL, or one started for this run. */
async function ensureEmulator(env: Env): Promise<Emulator | undefined> {
  const url = env.GENESYS_API_URL;
  if (!url) return undefined;
  try {
    await fetch(`${url}/__emulator/records`, { signal: AbortSignal.timeout(1000) });
    return undefined;
  } catch {
    const { hostname, port } = new URL(url);
    return start({ host: hostname, port: Number(port) });
  }
}

/** The local stage's DynamoDB (the suppression list's table), started for this run if none answers at its URL. */
async function ensureLocalDynamoDB(env: Env): Promise<LocalDynamoDB | undefined> {
  const url = env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!url) return undefined;
  try {
    // Any answer (dynalite refuses an unsigned GET) means one is listening.
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return undefined;
  } catch {
    const { hostname, port } = new URL(url);
    return startLocalDynamoDB(Number(port), hostname);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof UsageError)) process.stderr.write('Run with --help for the options.\n');
    process.exit(EXIT.couldNotRun);
  },
);
