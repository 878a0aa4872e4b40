/**
 * The queue section of `npm run bench` (docs/batches.md): 10,000 calls through the local stack,
 * POST /batches under serverless offline → the local SQS → the dialer (invoked by the event source
 * mapping through serverless offline's Lambda port) → the emulator, at a budget of 6,000 a minute
 * with dialConcurrency 5; the same with the emulator limiting each token to half its dialer's share;
 * and the producer's time and peak memory for 10,000 items against a 1-item baseline.
 * `--quick` (CI) runs 200 calls with the dialer in process, to check the bench itself in seconds.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { start, DEMO } from '../emulator';
import type { Emulator } from '../emulator';
import { EventSourceMapping } from '../emulator/event-source-mapping';
import { BATCHES_TABLE, CALLS_TABLE, IDEMPOTENCY_TABLE, startLocalDynamoDB } from '../emulator/local-dynamodb';
import { startLocalSqs } from '../emulator/local-sqs';
import { DEFAULT_PLATFORM_API_LIMITS } from '../emulator/seed';
import { createHandler as createBatchHandler } from '../functions/create-batch';
import { createHandler as createDialer } from '../functions/dialer';
import { createHandler as createGetBatch } from '../functions/get-batch';
import { loadConfig } from '../lib/config';
import { logger } from '../lib/telemetry/logger';
import { createContainer } from '../lib/container';
import { httpApiRequest } from '../test/support/api-gateway-events';
import { lambdaContext } from '../test/support/lambda-context';
import { freePort, SERVERLESS, startProcess, waitForHttp } from '../test/support/processes';
import type { Started } from '../test/support/processes';
import { signedRequest } from '../test/support/sigv4';

const ROOT = join(__dirname, '..');
const BUDGET = 6000;
const CONCURRENCY = 5;
const MAX_RECEIVES = 10;

export interface ScenarioResult {
  readonly name: string;
  readonly calls: number;
  readonly perTokenLimit: number;
  readonly postMs: number;
  readonly seconds: number;
  readonly counts: Record<string, number>;
  readonly total: number;
  readonly distinctPlaced: number;
  readonly doubleCalls: number;
  readonly tooMany: number;
  readonly callsPerMinute: number;
  readonly deferrals: number;
  /** Codes of GET /batches/{id} answers that were not the progress (read again 2 s later). */
  readonly progressRefused: readonly string[];
}

interface Stack {
  emulator: Emulator;
  post(calls: unknown[]): Promise<{ batchId: string; ms: number }>;
  progress(batchId: string): Promise<{ counts: Record<string, number>; total: number; callsPerMinute?: number; status: string }>;
  deferrals(): number;
  debug(): unknown;
  /** Stops the event source mapping (the dialers idle) until `resume`. */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

const limits = (perToken: number) => ({ limits: { 'platform.api': { ...DEFAULT_PLATFORM_API_LIMITS, 'client.credentials.token.rate.per.minute': perToken } } });
const numbers = (count: number, area: string) => Array.from({ length: count }, (_, i) => ({ to: `+1 ${area} 555 ${String(i).padStart(4, '0')}` }));

function localEnv(emulatorUrl: string, dynamoUrl: string, sqsUrl: string, queueUrl: string): Record<string, string> {
  return {
    GENESYS_API_URL: emulatorUrl,
    GENESYS_LOGIN_URL: emulatorUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: emulatorUrl,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
    AWS_ENDPOINT_URL_SQS: sqsUrl,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    GENESYS_CREDENTIALS_SECRET_ID: DEMO.secretId,
    HASH_KEY_SECRET_ID: DEMO.hashKeySecretId,
    GENESYS_CALL_USER_ID: DEMO.userWithStation.id,
    IDEMPOTENCY_TABLE,
    CALLS_TABLE,
    BATCHES_TABLE,
    DIAL_QUEUE_URL: queueUrl,
    DIAL_CONCURRENCY: String(CONCURRENCY),
    DIAL_REQUESTS_PER_MINUTE: String(BUDGET),
    DIAL_MAX_RECEIVE_COUNT: String(MAX_RECEIVES),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

/** The whole local stack; the functions under serverless offline (full) or in this process (quick). */
async function startStack(quick: boolean): Promise<Stack> {
  const emulator = await start({ seed: limits(BUDGET) });
  const dynamo = await startLocalDynamoDB();
  // A short visibility timeout: a receive whose answer is lost on this loaded machine hides its
  // messages only that long (a message taking longer comes back, and its key replays it: no double call).
  const sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: quick ? 15 : 60, maxReceiveCount: MAX_RECEIVES });
  const env = localEnv(emulator.url, dynamo.url, sqs.url, sqs.queueUrl);
  let offline: Started | undefined;
  let newMapping: () => EventSourceMapping;
  let post: Stack['post'];
  let progress: Stack['progress'];
  if (quick) {
    Object.assign(process.env, env);
    // The functions' logger was made at import; in process, only errors are worth printing.
    logger.setLogLevel('ERROR');
    const container = createContainer(loadConfig(env));
    const dialer = createDialer(() => container);
    newMapping = () => new EventSourceMapping({ client: sqs.client, queueUrl: sqs.queueUrl, queueArn: sqs.queueArn, batchSize: 10, maximumConcurrency: CONCURRENCY, target: (event) => dialer(event, lambdaContext(30_000)) });
    post = async (calls) => {
      const startedAt = Date.now();
      const answer = await createBatchHandler(() => container)(httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify({ calls }) }), lambdaContext(28_000));
      return { batchId: (JSON.parse(answer.body) as { batchId: string }).batchId, ms: Date.now() - startedAt };
    };
    progress = async (batchId) =>
      JSON.parse((await createGetBatch(() => container)(httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}', path: `/batches/${batchId}`, pathParameters: { batchId } }), lambdaContext(28_000))).body);
  } else {
    const [httpPort, lambdaPort] = [await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    offline = startProcess(SERVERLESS, ['offline', 'start', '--stage', 'local', `--param=dialConcurrency=${CONCURRENCY}`], {
      EMULATOR_PORT: String(emulator.port),
      DYNAMODB_PORT: String(dynamo.port),
      SQS_PORT: String(sqs.port),
      OFFLINE_PORT: String(httpPort),
      OFFLINE_LAMBDA_PORT: String(lambdaPort),
      AWS_EC2_METADATA_DISABLED: 'true',
      DIAL_REQUESTS_PER_MINUTE: String(BUDGET),
      DIAL_MAX_RECEIVE_COUNT: String(MAX_RECEIVES),
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    await waitForHttp(baseUrl, 180_000, offline);
    newMapping = () => new EventSourceMapping({
      client: sqs.client,
      queueUrl: sqs.queueUrl,
      queueArn: sqs.queueArn,
      batchSize: 10,
      maximumConcurrency: CONCURRENCY,
      target: { lambdaUrl: `http://127.0.0.1:${lambdaPort}`, functionName: 'genesys-outbound-call-local-dialer' },
    });
    post = async (calls) => {
      const startedAt = Date.now();
      const response = await signedRequest('POST', `${baseUrl}/batches`, JSON.stringify({ calls }));
      const text = await response.text();
      if (response.status !== 202) throw new Error(`POST /batches answered ${response.status}: ${text.slice(0, 300)}`);
      return { batchId: (JSON.parse(text) as { batchId: string }).batchId, ms: Date.now() - startedAt };
    };
    progress = async (batchId) => (await (await signedRequest('GET', `${baseUrl}/batches/${batchId}`)).json()) as Awaited<ReturnType<Stack['progress']>>;
  }
  // A mapping cannot start again once stopped: each pause ends one, each resume starts a new one.
  const mappings: EventSourceMapping[] = [newMapping()];
  const current = () => mappings[mappings.length - 1];
  current().start();
  let paused = false;
  return {
    emulator,
    post,
    progress,
    deferrals: () => mappings.reduce((sum, mapping) => sum + mapping.records.itemFailures, 0),
    debug: () => current().records,
    pause: async () => {
      paused = true;
      await current().stop();
    },
    resume: () => {
      if (!paused) return;
      paused = false;
      mappings.push(newMapping());
      current().start();
    },
    stop: async () => {
      await current().stop();
      await offline?.stop();
      await sqs.stop();
      await dynamo.stop();
      await emulator.stop();
    },
  };
}

/**
 * Calls a POST /batches carries here: all 10,000 in one request, as a user would send them, since
 * the items are written and sent 16 requests at a time (lib/queue/accept-batch.ts). Before that one
 * POST of 10,000 outlived serverless offline's 28 s at load 10 and the bench sent 2,000 a POST;
 * BENCH_QUEUE_PER_POST sets it again.
 */
const PER_POST = Number(process.env.BENCH_QUEUE_PER_POST ?? 10_000);

/** Calls a minute the stack may dial: the budget, or what the emulator lets each dialer's token through. */
const allowedPerMinute = (perTokenLimit: number) => (perTokenLimit >= BUDGET / CONCURRENCY ? BUDGET : perTokenLimit * CONCURRENCY);

async function scenario(stack: Stack, name: string, count: number, area: string, perTokenLimit: number): Promise<ScenarioResult> {
  stack.emulator.reseed(limits(perTokenLimit));
  const deferralsBefore = stack.deferrals();
  const startedAt = Date.now();
  const all = numbers(count, area);
  const posted: Array<{ batchId: string; ms: number }> = [];
  // The dialers idle while the list is accepted: on these 2 shared cores they would take the CPU the
  // POST needs (in AWS each function has its own); the rate is counted from the first call dialled.
  await stack.pause();
  try {
    for (let i = 0; i < all.length; i += PER_POST) posted.push(await stack.post(all.slice(i, i + PER_POST)));
  } finally {
    stack.resume();
  }
  type Progress = Awaited<ReturnType<Stack['progress']>> & { startedAt?: string; finishedAt?: string };
  let last: Progress[] = [];
  const progressRefused: string[] = [];
  for (;;) {
    // Twice the time the allowed rate needs, and two minutes more, before it counts as stuck.
    if (Date.now() - startedAt > ((2 * count) / allowedPerMinute(perTokenLimit) + 2) * 60_000) throw new Error(`${name}: still queued: ${JSON.stringify(last.map((p) => p.counts))}, ${JSON.stringify(stack.debug())}`);
    const read = (await Promise.all(posted.map(({ batchId }) => stack.progress(batchId)))) as Array<Progress & { code?: string }>;
    // GET /batches/{id} counts the batch's 10,000 items with a query of all of them: dynalite on this
    // loaded machine may outlive the store's bound (503 batches_unavailable). Counted, and read again.
    const refused = read.filter((progress) => progress.counts === undefined);
    if (refused.length > 0) {
      progressRefused.push(...refused.map((problem) => problem.code ?? 'unknown'));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      continue;
    }
    last = read;
    if (last.every((progress) => progress.counts.queued === 0)) break;
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ counts: last.map((p) => p.counts), placed: stack.emulator.records.callsPlaced.length, debug: stack.debug() }));
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  const counts: Record<string, number> = {};
  for (const progress of last) for (const [status, n] of Object.entries(progress.counts)) counts[status] = (counts[status] ?? 0) + n;
  const first = Math.min(...last.map((p) => Date.parse(p.startedAt ?? '')).filter(Number.isFinite));
  const end = Math.max(...last.map((p) => Date.parse(p.finishedAt ?? '')).filter(Number.isFinite));
  const times = new Map<string, number>();
  for (const placed of stack.emulator.records.callsPlaced) times.set(String(placed.body.phoneNumber), (times.get(String(placed.body.phoneNumber)) ?? 0) + 1);
  return {
    name,
    calls: count,
    perTokenLimit,
    postMs: posted.reduce((sum, post) => sum + post.ms, 0),
    seconds: (Date.now() - startedAt) / 1000,
    counts,
    total: last.reduce((sum, p) => sum + p.total, 0),
    distinctPlaced: times.size,
    doubleCalls: [...times.values()].filter((n) => n > 1).length,
    tooMany: stack.emulator.records.requests.filter((request) => request.status === 429).length,
    // Calls dialled over the time from the first to the last, across the batches.
    callsPerMinute: end > first ? ((counts.placed + (counts.failed ?? 0) + (counts.mayHaveBeenPlaced ?? 0)) / (end - first)) * 60_000 : 0,
    deferrals: stack.deferrals() - deferralsBefore,
    progressRefused,
  };
}

/** Runs a process to its end (at most 5 minutes) without blocking this one; its exit status and output. */
function run(command: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, timeout: 300_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** POST /batches of `count` calls in a fresh process against its own queue: its time and peak RSS. */
async function producer(count: number, emulatorUrl: string, dynamoUrl: string): Promise<{ ms: number; maxRssMb: number }> {
  const sqs = await startLocalSqs(0, '127.0.0.1');
  try {
    // Not spawnSync: the emulator, dynalite and this SQS run in this process and must answer the child.
    const child = await run(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'bench/queue-producer.ts'), String(count)], {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ...localEnv(emulatorUrl, dynamoUrl, sqs.url, sqs.queueUrl),
    });
    if (child.status !== 0) throw new Error(`the producer failed: ${child.stderr.slice(0, 500)}`);
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; maxRssMb: number };
  } finally {
    await sqs.stop();
  }
}

export async function runQueueBench(quick: boolean): Promise<string> {
  const count = quick ? 200 : 10_000;
  const loadAtStart = loadavg();
  const startedAt = Date.now();
  console.log(`bench queue: ${count} calls, budget ${BUDGET}/min, dialConcurrency ${CONCURRENCY}, ${quick ? 'dialer in process (quick)' : 'serverless offline'}`);
  const stack = await startStack(quick);
  const results: ScenarioResult[] = [];
  let produced: { baseline: { ms: number; maxRssMb: number }; full: { ms: number; maxRssMb: number } };
  try {
    // A token limit above each dialer's share (1,200 a minute): the budget is what paces.
    results.push(await scenario(stack, 'budget 6,000/min', count, '415', BUDGET));
    console.log(`bench queue: ${JSON.stringify(results[0])}`);
    // Each token limited to half its dialer's share: the emulator lets half the budget through.
    results.push(await scenario(stack, 'each token limited to half its share', count, '646', BUDGET / CONCURRENCY / 2));
    console.log(`bench queue: ${JSON.stringify(results[1])}`);
    const dynamo = await startLocalDynamoDB();
    try {
      produced = { baseline: await producer(1, stack.emulator.url, dynamo.url), full: await producer(count, stack.emulator.url, dynamo.url) };
    } finally {
      await dynamo.stop();
    }
  } finally {
    await stack.stop();
  }
  const loadAtEnd = loadavg();
  const rows = results.map((r) => {
    const allowed = allowedPerMinute(r.perTokenLimit);
    const accounted = Object.values(r.counts).reduce((a, b) => a + b, 0);
    return `| ${r.name} | ${r.calls} | ${accounted === r.total && r.counts.placed === r.calls ? `yes (${r.counts.placed} placed)` : `NO ${JSON.stringify(r.counts)}`} | ${r.doubleCalls} | ${r.callsPerMinute.toFixed(0)} | ${allowed} | ${((100 * r.callsPerMinute) / allowed).toFixed(1)} % | ${r.tooMany} | ${r.deferrals} | ${r.seconds.toFixed(0)} s | ${(r.postMs / 1000).toFixed(1)} s |`;
  });
  return [
    `## Queue (${quick ? 'quick: figures meaningless' : 'full'}), ${new Date().toISOString()}`,
    '',
    `${count} calls per scenario (POST /batches of ${PER_POST} at most) through ${quick ? 'the dialer in process' : 'serverless offline'}, the local SQS (local-aws-sqs) and the emulator; budget`,
    `dialRequestsPerMinute ${BUDGET}, dialConcurrency ${CONCURRENCY} (each dialer ${BUDGET / CONCURRENCY}/min), batchSize 10. Rate: the batch's`,
    'calls dialled from the first to the last (the batches\' startedAt and finishedAt). Double calls: numbers the emulator placed more than once.',
    `Load average (1, 5, 15 min) at start ${loadAtStart.map((l) => l.toFixed(2)).join(', ')}, at end ${loadAtEnd.map((l) => l.toFixed(2)).join(', ')}; 2 shared cores; ${((Date.now() - startedAt) / 1000).toFixed(0)} s in all.`,
    '',
    '| scenario | calls | every item accounted | double calls | calls/min | allowed/min | of allowed | 429s | messages sent back | to finish | POST /batches (sum) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...results.map((r) => `${r.name}: GET /batches/{id} answered ${r.progressRefused.length === 0 ? 'every poll' : `${r.progressRefused.length} polls with a problem (${[...new Set(r.progressRefused)].join(', ')}), read again 2 s later`}.`),
    '',
    `Producer (POST /batches in a process of its own, createBatch's code, against dynalite and its own local SQS): ${count} items in ${(produced.full.ms / 1000).toFixed(2)} s,`,
    `peak RSS ${produced.full.maxRssMb.toFixed(0)} MB; baseline 1 item ${produced.baseline.ms.toFixed(0)} ms, ${produced.baseline.maxRssMb.toFixed(0)} MB (so ${(produced.full.maxRssMb - produced.baseline.maxRssMb).toFixed(0)} MB for the items).`,
    '',
  ].join('\n');
}
