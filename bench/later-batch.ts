/**
 * One POST /batches of `count` calls with `at` (each call a one-time EventBridge Scheduler schedule),
 * through the real createBatch handler against the emulator's Scheduler and a local DynamoDB
 * (dynalite) run in a child process, so that this process's CPU time is the handler's alone. Prints
 * one JSON line: the answer's status and counts, the time to answer and its parts (records written,
 * schedules made), the handler process's CPU time, and how many CreateSchedule requests the
 * emulator received. A measurement script, not a test:
 *
 *   npx tsx bench/later-batch.ts [count=10000] [scheduler latency ms=0] [time ms=28000]
 *
 * The emulator answers a CreateSchedule at once; the second argument delays each of its answers by
 * that many ms (its `delay` fault), to see the handler against a slower Scheduler: a what-if, not a
 * figure of AWS (no AWS account here). The third is the invocation's time (createBatch's timeout).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DEMO, LOCAL_SCHEDULE_GROUP, start } from '../emulator';
import type { Records } from '../emulator/types';
import { BATCHES_TABLE, IDEMPOTENCY_TABLE, startLocalDynamoDB } from '../emulator/local-dynamodb';
import { createHandler } from '../functions/create-batch';
import { loadConfig } from '../lib/config';
import { createContainer } from '../lib/container';
import { httpApiRequest } from '../test/support/api-gateway-events';
import { lambdaContext } from '../test/support/lambda-context';

/** The child: the emulator and dynalite, their URLs on stdout, stopped when stdin closes. */
async function serve(): Promise<void> {
  const emulator = await start({});
  emulator.setScheduleTimers(false);
  const dynamo = await startLocalDynamoDB();
  process.stdout.write(`${JSON.stringify({ emulator: emulator.url, dynamo: dynamo.url })}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await dynamo.stop();
  await emulator.stop();
}

async function measure(): Promise<void> {
  const [count = 10_000, latencyMs = 0, timeMs = 28_000] = process.argv.slice(2).map(Number);
  const child = spawn(process.execPath, [...process.execArgv, __filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const urls = JSON.parse(line) as { emulator: string; dynamo: string };
  const control = async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${urls.emulator}/__emulator/${path}`, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    return answer.json() as Promise<unknown>;
  };
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.emulator,
      AWS_ENDPOINT_URL_SCHEDULER: urls.emulator,
      AWS_ENDPOINT_URL_DYNAMODB: urls.dynamo,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    if (latencyMs > 0) await control('POST', 'faults', { endpoint: 'createSchedule', fault: { kind: 'delay', ms: latencyMs }, times: count * 2 });
    const container = createContainer(
      loadConfig({
        GENESYS_API_URL: urls.emulator,
        GENESYS_LOGIN_URL: urls.emulator,
        GENESYS_CREDENTIALS_SECRET_ID: DEMO.secretId,
        HASH_KEY_SECRET_ID: DEMO.hashKeySecretId,
        GENESYS_CALL_USER_ID: DEMO.userWithStation.id,
        DEFAULT_COUNTRY: 'US',
        ALLOWED_COUNTRIES: 'US',
        IDEMPOTENCY_TABLE,
        BATCHES_TABLE,
        DIAL_QUEUE_URL: 'http://127.0.0.1:1/000000000000/dial-queue',
        DIAL_QUEUE_ARN: 'arn:aws:sqs:us-east-1:000000000000:dial-queue',
        SCHEDULE_GROUP: LOCAL_SCHEDULE_GROUP,
        SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/genesys-outbound-call-local-scheduler',
      }),
    );
    // The parts' times, read by wrapping the container's own parts (the handler is unchanged).
    const parts = { recordsMs: 0, firstScheduleAt: 0, lastScheduleAt: 0 };
    const store = container.batches.batches;
    const timedStore = Object.create(store, {
      writeItems: { value: async (...args: Parameters<typeof store.writeItems>) => { const t = Date.now(); await store.writeItems(...args); parts.recordsMs += Date.now() - t; } },
    }) as typeof store;
    const scheduleMessage = container.batches.scheduleMessage!;
    const timed: typeof scheduleMessage = async (schedule, deadline) => {
      parts.firstScheduleAt ||= Date.now();
      try {
        await scheduleMessage(schedule, deadline);
      } finally {
        parts.lastScheduleAt = Date.now();
      }
    };
    const measured = { ...container, batches: { ...container.batches, batches: timedStore, scheduleMessage: timed } };
    const calls = Array.from({ length: count }, (_, i) => ({ to: `+1 212 555 ${String(i % 10_000).padStart(4, '0')}` }));
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const event = httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify({ calls, at }) });
    const cpu = process.cpuUsage();
    const startedAt = Date.now();
    const answer = await createHandler(() => measured)(event, lambdaContext(timeMs));
    const ms = Date.now() - startedAt;
    const cpuMs = Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000);
    const body = JSON.parse(answer.body) as { queued?: number; failed?: Array<{ code: string }>; code?: string; detail?: string };
    const failedBy: Record<string, number> = {};
    for (const item of body.failed ?? []) failedBy[item.code] = (failedBy[item.code] ?? 0) + 1;
    const records = (await control('GET', 'records')) as Records;
    const schedules = (await control('GET', 'schedules')) as unknown[];
    const result = {
      count,
      latencyMs,
      timeMs,
      status: answer.statusCode,
      queued: body.queued,
      failedBy,
      ...(body.code ? { code: body.code, detail: body.detail } : {}),
      answeredMs: ms,
      recordsMs: parts.recordsMs,
      schedulingMs: parts.lastScheduleAt - parts.firstScheduleAt,
      handlerCpuMs: cpuMs,
      createScheduleRequests: records.requests.filter((request) => request.endpoint === 'createSchedule').length,
      schedulesMade: schedules.length,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    child.stdin!.end();
    await once(child, 'exit');
  }
}

(process.argv.includes('--serve') ? serve() : measure()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
