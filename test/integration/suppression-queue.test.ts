import type { Emulator } from '../../emulator';
import { LOCAL_SCHEDULE_GROUP, sqsScheduleTarget } from '../../emulator';
import { EventSourceMapping } from '../../emulator/event-source-mapping';
import { BATCHES_TABLE, CALLS_TABLE, IDEMPOTENCY_TABLE, SUPPRESSIONS_TABLE } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { createHandler as createBatchHandler } from '../../functions/create-batch';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createDialer } from '../../functions/dialer';
import { createHandler as createGetCall } from '../../functions/get-call';
import { createHandler as createListCalls } from '../../functions/list-batch-calls';
import { createHandler as addHandler } from '../../functions/add-suppressions';
import { createHandler as createScheduledHandler } from '../../functions/scheduled-calls';
import type { ScheduledCallsResult } from '../../lib/scheduled/result';
import { scheduledEvent } from '../support/scheduled-events';
import type { Container } from '../../lib/container';
import { httpApiEvent, httpApiPostEvent, httpApiRequest } from '../support/api-gateway-events';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, observed, waitUntil } from '../support/harness';
import { leakGuard } from '../support/leak-guard';
import { schemaAt } from '../support/openapi';

/** Whether a body matches what openapi.yaml says of the route's answer at this status. */
function documented(status: number, body: unknown, media = 'application/json'): unknown {
  const validate = schemaAt(['paths', '/batches', 'post', 'responses', String(status), 'content', media, 'schema']);
  return validate(body) ? true : validate.errors;
}

// The suppression list on the dial queue's paths, in process: the real createBatch, scheduledCalls,
// createCall (calls for later), dialer and suppression handlers against the emulator (Genesys, Scheduler), dynalite
// and the local SQS, the event source mapping invoking the dialer as Lambda would. Batches, a
// schedule's list and calls for later refuse listed numbers when accepted; the dialer checks again just before dialling and
// counts attempts with POST /calls.

let stack: EmulatorAndDynamo;
let emulator: Emulator;
let sqs: LocalSqs;
let mapping: EventSourceMapping | undefined;

beforeAll(async () => {
  stack = await startEmulatorAndDynamo();
  emulator = stack.emulator;
  sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: 5, maxReceiveCount: 3 });
  Object.assign(process.env, { AWS_ENDPOINT_URL_SQS: sqs.url, AWS_ENDPOINT_URL_SCHEDULER: emulator.url });
});
afterAll(async () => {
  await sqs.stop();
  await stack.stop();
});
beforeEach(() => {
  emulator.reset();
  // Schedules fire when a test says so (fireSchedules), into the local dial queue.
  emulator.setScheduleTimers(false);
  emulator.deliverSchedulesTo(sqsScheduleTarget(sqs.client));
});
afterEach(async () => {
  await mapping?.stop();
  mapping = undefined;
});

let used = 0;
/** A number of its own per test (the tables live as long as the file), which the leak guard learns. */
function freshNumber(): string {
  used += 1;
  const e164 = `+1415555${String(7000 + used)}`;
  leakGuard.canary(e164);
  leakGuard.canary(e164.slice(1));
  return e164;
}

function stackOf(overrides: Record<string, string> = {}) {
  const container: Container = coldContainer(emulator, {
    IDEMPOTENCY_TABLE,
    CALLS_TABLE,
    BATCHES_TABLE,
    SUPPRESSIONS_TABLE,
    DIAL_QUEUE_URL: sqs.queueUrl,
    DIAL_CONCURRENCY: '2',
    DIAL_REQUESTS_PER_MINUTE: '6000',
    DIAL_MAX_RECEIVE_COUNT: '3',
    DIAL_RETRY_BASE_SECONDS: '1',
    DIAL_QUEUE_ARN: sqs.queueArn,
    SCHEDULE_GROUP: LOCAL_SCHEDULE_GROUP,
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/genesys-outbound-call-local-scheduler',
    ...overrides,
  });
  const json = (answer: { statusCode: number; body: string }) => ({ status: answer.statusCode, body: JSON.parse(observed(answer).body) as Record<string, unknown> });
  return {
    /** Starts the dialer on the queue, as Lambda's event source mapping would. */
    dial: () => {
      const dialer = createDialer(() => container);
      mapping = new EventSourceMapping({ client: sqs.client, queueUrl: sqs.queueUrl, queueArn: sqs.queueArn, batchSize: 10, maximumConcurrency: 2, idleMs: 20, target: (event) => dialer(event, lambdaContext(30_000)) });
      mapping.start();
      return mapping;
    },
    batch: async (calls: unknown[]) =>
      json(await createBatchHandler(() => container)(httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify({ calls }) }), lambdaContext(28_000))),
    items: async (batchId: string) =>
      json(
        await createListCalls(() => container)(
          httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}/calls', path: `/batches/${batchId}/calls`, pathParameters: { batchId } }),
          lambdaContext(28_000),
        ),
      ).body.items as Array<{ index: number; status: string; code?: string }>,
    /** A schedule's list, as the Scheduled Event envelope delivers it (an id of its own). */
    scheduled: async (calls: unknown[]) => {
      const result = await createScheduledHandler(() => container)({ ...scheduledEvent(calls), id: crypto.randomUUID() }, lambdaContext(28_000, 'genesys-outbound-call-test-scheduledCalls'));
      observed({ statusCode: 200, body: JSON.stringify(result) });
      return result as ScheduledCallsResult;
    },
    add: async (numbers: string[]) => json(await addHandler(() => container)(httpApiPostEvent('/suppressions', { numbers: numbers.map((to) => ({ to })) }), lambdaContext())),
    call: async (to: string, at?: string) => json(await createCallHandler(() => container)(httpApiEvent({ to, ...(at === undefined ? {} : { at }) }), lambdaContext())),
    getCall: async (id: string) =>
      json(
        await createGetCall(() => container)(
          httpApiRequest({ method: 'GET', routeKey: 'GET /calls/{conversationId}', path: `/calls/${id}`, pathParameters: { conversationId: id } }),
          lambdaContext(),
        ),
      ),
  };
}

describe('POST /batches with a suppression list', () => {
  it('fails a listed number at acceptance with destination_suppressed, a dry-run item too, and queues and places the others', async () => {
    // Prepare
    const local = stackOf();
    const [listed, free] = [freshNumber(), freshNumber()];
    await local.add([listed]);

    // Act
    const answer = await local.batch([{ to: free }, { to: listed }, { to: listed, dryRun: true }]);
    local.dial();
    await waitUntil(() => emulator.records.callsPlaced.length === 1 && mapping!.records.deleted === 1, () => `${emulator.records.callsPlaced.length} placed`, 15_000);

    // Assess
    expect(answer).toMatchObject({
      status: 202,
      body: {
        total: 3,
        queued: 1,
        failed: [
          { index: 1, code: 'destination_suppressed', field: 'to' },
          { index: 2, code: 'destination_suppressed', field: 'to' },
        ],
      },
    });
    expect(emulator.records.callsPlaced.map((call) => call.body.phoneNumber)).toEqual([free]);
    expect(documented(202, answer.body)).toBe(true);
  });

  it("a schedule's list: fails a listed number at acceptance with destination_suppressed, a dry-run item too, and queues and places the others", async () => {
    // Prepare
    const local = stackOf();
    const [listed, free] = [freshNumber(), freshNumber()];
    await local.add([listed]);

    // Act
    const result = await local.scheduled([{ to: free }, { to: listed }, { to: listed, dryRun: true }]);
    local.dial();
    await waitUntil(() => emulator.records.callsPlaced.length === 1 && mapping!.records.deleted === 1, () => `${emulator.records.callsPlaced.length} placed`, 15_000);

    // Assess
    expect(result).toMatchObject({
      total: 3,
      queued: 1,
      dryRun: 0,
      failed: [
        { index: 1, code: 'destination_suppressed', field: 'to' },
        { index: 2, code: 'destination_suppressed', field: 'to' },
      ],
    });
    expect(emulator.records.callsPlaced.map((call) => call.body.phoneNumber)).toEqual([free]);
  });

  it('refuses the whole batch with 503 suppression_list_unavailable when the list cannot be read, queueing nothing', async () => {
    // Prepare
    const local = stackOf({ SUPPRESSIONS_TABLE: 'no-such-table' });

    // Act
    const answer = await local.batch([{ to: freshNumber() }]);

    // Assess
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 503, code: 'suppression_list_unavailable' });
    expect(documented(503, answer.body, 'application/problem+json')).toBe(true);
  });
});

describe('the dialer with a suppression list', () => {
  it('does not dial a number listed after its batch was queued: the item fails with destination_suppressed', async () => {
    // Prepare: queued while the dialer is not running, then listed.
    const local = stackOf();
    const [listed, free] = [freshNumber(), freshNumber()];
    const answer = await local.batch([{ to: listed }, { to: free }]);
    await local.add([listed]);

    // Act
    local.dial();
    await waitUntil(() => mapping!.records.deleted === 2, () => `${mapping!.records.deleted} deleted`, 15_000);
    const items = await local.items(String(answer.body.batchId));

    // Assess
    expect(answer.body.queued).toBe(2);
    expect(items.map((item) => [item.index, item.status, item.code])).toEqual([
      [0, 'failed', 'destination_suppressed'],
      [1, 'placed', undefined],
    ]);
    expect(emulator.records.callsPlaced.map((call) => call.body.phoneNumber)).toEqual([free]);
  });

  it('counts its calls with POST /calls against one cap: the queued call to a number called once already fails with attempt_limit_reached', async () => {
    // Prepare
    const local = stackOf({ MAX_ATTEMPTS_PER_NUMBER: '1/1h' });
    const number = freshNumber();
    const direct = await local.call(number);
    const answer = await local.batch([{ to: number }]);

    // Act
    local.dial();
    await waitUntil(() => mapping!.records.deleted === 1, () => `${mapping!.records.deleted} deleted`, 15_000);
    const [item] = await local.items(String(answer.body.batchId));

    // Assess
    expect({ direct: direct.status, item: [item.status, item.code], posts: emulator.records.callPosts }).toEqual({ direct: 201, item: ['failed', 'attempt_limit_reached'], posts: 1 });
  });
});

describe('calls for later with a suppression list', () => {
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

  it('refuses to schedule a listed number: 422 destination_suppressed, no schedule made', async () => {
    // Prepare
    const local = stackOf();
    const listed = freshNumber();
    await local.add([listed]);

    // Act
    const answer = await local.call(listed, inAnHour());

    // Assess
    expect({ status: answer.status, code: answer.body.code, schedules: emulator.schedules().length }).toEqual({ status: 422, code: 'destination_suppressed', schedules: 0 });
  });

  it('does not dial a call for later whose number was listed after it was scheduled', async () => {
    // Prepare
    const local = stackOf();
    const number = freshNumber();
    const at = inAnHour();
    const scheduled = await local.call(number, at);
    await local.add([number]);

    // Act: its time comes.
    local.dial();
    await emulator.fireSchedules({ until: at });
    await waitUntil(() => mapping!.records.deleted === 1, () => `${mapping!.records.deleted} deleted`, 15_000);
    const after = await local.getCall(String(scheduled.body.callId));

    // Assess
    expect(scheduled.status).toBe(202);
    expect({ status: after.body.status, posts: emulator.records.callPosts }).toEqual({ status: 'failed', posts: 0 });
  });
});
