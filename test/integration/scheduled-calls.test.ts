import type { Emulator } from '../../emulator';
import { EventSourceMapping } from '../../emulator/event-source-mapping';
import { BATCHES_TABLE, CALLS_TABLE, IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createDialer } from '../../functions/dialer';
import { createHandler as createGetBatch } from '../../functions/get-batch';
import { createHandler as createGetCall } from '../../functions/get-call';
import { createHandler } from '../../functions/scheduled-calls';
import type { Container } from '../../lib/container';
import { ScheduleNotQueuedError } from '../../lib/scheduled/errors';
import type { ScheduledCallsResult } from '../../lib/scheduled/result';
import { httpApiEvent, httpApiGetCallEvent, httpApiRequest } from '../support/api-gateway-events';
import { captureLogs } from '../support/capture-logs';
import { captureEmf, totalsByCode } from '../support/emf';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import type { FaultProxy } from '../support/fault-proxy';
import { startFaultProxy } from '../support/fault-proxy';
import { coldContainer, lambdaContext, parseBody } from '../support/harness';
import { constantInput, scheduledEvent, scheduledEventWithoutInput, transformedInput } from '../support/scheduled-events';

// scheduledCalls turns a schedule's list into a batch on the dial queue. In process: the real
// handlers, the emulator (Genesys, Secrets Manager), dynalite and the local SQS, with the event
// source mapping invoking the dialer as Lambda would. Only the Lambda context is built by hand.

let stack: EmulatorAndDynamo;
let emulator: Emulator;
let sqs: LocalSqs;
let sqsProxy: FaultProxy;
let mapping: EventSourceMapping;

jest.setTimeout(60_000);

beforeAll(async () => {
  stack = await startEmulatorAndDynamo();
  emulator = stack.emulator;
  sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: 5, maxReceiveCount: 3 });
  process.env.AWS_ENDPOINT_URL_SQS = sqs.url;
  sqsProxy = await startFaultProxy(sqs.url);
});
afterAll(async () => {
  await sqsProxy.stop();
  await sqs.stop();
  await stack.stop();
});

const SETTINGS = { IDEMPOTENCY_TABLE, CALLS_TABLE, BATCHES_TABLE, DIAL_CONCURRENCY: '2', DIAL_REQUESTS_PER_MINUTE: '6000', DIAL_MAX_RECEIVE_COUNT: '3', DIAL_RETRY_BASE_SECONDS: '1' };
let container: Container;

beforeEach(() => {
  emulator.reset();
  container = coldContainer(emulator, { ...SETTINGS, DIAL_QUEUE_URL: sqs.queueUrl });
  const dialer = createDialer(() => container);
  mapping = new EventSourceMapping({ client: sqs.client, queueUrl: sqs.queueUrl, queueArn: sqs.queueArn, batchSize: 10, maximumConcurrency: 2, idleMs: 20, target: (event) => dialer(event, lambdaContext(30_000)) });
  mapping.start();
});
afterEach(async () => {
  sqsProxy.heal();
  sqsProxy.forwarded.clear();
  await mapping.stop();
});

const FUNCTION = 'genesys-outbound-call-test-scheduledCalls';

/** One invocation of scheduledCalls: its result (or error) and the JSON log lines it wrote. */
async function invoke(event: unknown, through: Container = container, context = lambdaContext(28_000, FUNCTION)) {
  const capture = captureLogs();
  let result: ScheduledCallsResult | undefined;
  let error: unknown;
  try {
    result = await createHandler(() => through)(event, context);
  } catch (thrown) {
    error = thrown;
  }
  return { result, error, logs: capture.stop() };
}

/** An event of its own (the fixture's id would make every test's list the same batch). */
const freshEvent = (calls: unknown[]) => ({ ...scheduledEvent(calls), id: crypto.randomUUID() });
const freshInput = (calls: unknown[]) => transformedInput(calls, { id: crypto.randomUUID(), time: new Date().toISOString() });

/** GET /batches/{id} as a principal of the account (CALL_READ_ACCESS as given), and its answer. */
async function getBatch(batchId: string, readAccess: 'owner' | 'account' = 'account') {
  const reader = coldContainer(emulator, { ...SETTINGS, DIAL_QUEUE_URL: sqs.queueUrl, CALL_READ_ACCESS: readAccess });
  const answer = await createGetBatch(() => reader)(httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}', path: `/batches/${batchId}`, pathParameters: { batchId } }), lambdaContext(28_000));
  return { status: answer.statusCode, body: JSON.parse(answer.body) as { status: string; total: number; counts: Record<string, number>; code?: string } };
}

/** The batch's progress once it is done (or its last one after 30 s): a call is placed before the dialer settles its item. */
async function settled(batchId: string) {
  let answer = await getBatch(batchId);
  for (const until = Date.now() + 30_000; answer.body.status !== 'done' && Date.now() < until; answer = await getBatch(batchId)) await new Promise((resolve) => setTimeout(resolve, 100));
  return answer.body;
}

const placedNumbers = () => emulator.records.callsPlaced.map((placed) => String(placed.body.phoneNumber)).sort();
const entriesSent = () => sqsProxy.forwarded.get('SendMessageBatch')?.reduce((n: number, request) => n + (request as { Entries: unknown[] }).Entries.length, 0) ?? 0;

/**
 * One invocation whose SQS client goes through the fault proxy (made within it, on first use, while
 * AWS_ENDPOINT_URL_SQS names the proxy); the dialer keeps the test's own container.
 */
async function invokeProxied(event: unknown) {
  const before = process.env.AWS_ENDPOINT_URL_SQS;
  process.env.AWS_ENDPOINT_URL_SQS = sqsProxy.url;
  try {
    return await invoke(event, coldContainer(emulator, { ...SETTINGS, DIAL_QUEUE_URL: sqs.queueUrl.replace(sqs.url, sqsProxy.url) }));
  } finally {
    process.env.AWS_ENDPOINT_URL_SQS = before;
  }
}

describe('scheduledCalls queues its list as one batch', () => {
  it("queues the example rule's transformed input {id, time, calls} and answers at once with the batch and where to follow it; the dialer places each call once", async () => {
    // Act
    const { result, error, logs } = await invoke(freshInput([{ to: '+1 415 555 0100', label: 'renewals' }, { to: '(415) 555-0102', attributes: { campaign: 'renewals' } }]));
    const done = await settled(result!.batchId!);

    // Assess
    expect(error).toBeUndefined();
    expect(result).toEqual({ batchId: expect.stringMatching(/^[0-9a-f-]{36}$/), total: 2, queued: 2, dryRun: 0, failed: [], progress: `/batches/${result!.batchId}` });
    expect(done).toMatchObject({ status: 'done', total: 2, counts: { placed: 2 } });
    expect(placedNumbers()).toEqual(['+14155550100', '+14155550102']);
    expect(logs.filter((line) => line.outcome === 'duplicate_delivery_risk')).toEqual([]);
    expect(logs.filter((line) => line.outcome === 'schedule_queued')).toEqual([expect.objectContaining({ level: 'INFO', batchId: result!.batchId, total: 2, queued: 2 })]);
  });

  it('queues the calls listed in detail.calls of the Scheduled Event envelope', async () => {
    // Act
    const { result } = await invoke(freshEvent([{ to: '+1 415 555 0110' }]));
    await settled(result!.batchId!);

    // Assess
    expect(result).toMatchObject({ total: 1, queued: 1, failed: [] });
    expect(placedNumbers()).toEqual(['+14155550110']);
  });

  it('a duplicate delivery of the same event finds the same batch and queues nothing again: each call placed once', async () => {
    // Prepare
    const event = freshEvent([{ to: '+1 415 555 0120' }, { to: '+1 415 555 0121' }]);
    const { result: first, lines: firstMetrics } = await captureEmf(() => invokeProxied(event));
    const sentFirst = entriesSent();
    sqsProxy.forwarded.clear();

    // Act: EventBridge delivers the same event again, to another container.
    const { result: duplicate, lines: duplicateMetrics } = await captureEmf(() => invokeProxied(structuredClone(event)));
    const done = await settled(first.result!.batchId!);

    // Assess
    expect(sentFirst).toBe(2);
    expect([totalsByCode(firstMetrics, 'BatchesAccepted'), totalsByCode(firstMetrics, 'CallsQueued')]).toEqual([{ '-': 1 }, { '-': 2 }]);
    expect([totalsByCode(duplicateMetrics, 'BatchesAccepted'), totalsByCode(duplicateMetrics, 'CallsQueued')]).toEqual([{}, {}]);
    expect(duplicate.result).toEqual({ ...first.result, replayed: true });
    expect(entriesSent()).toBe(0);
    expect(done).toMatchObject({ status: 'done', total: 2, counts: { placed: 2 } });
    expect(placedNumbers()).toEqual(['+14155550120', '+14155550121']);
  });

  it('refuses invalid items by index with the code, detail and field POST /calls answers, describes a dry run without dialling it, and queues the rest', async () => {
    // Prepare
    const invalid = [{ to: '415 555' }, { country: 'US' }, { to: '+1 900 555 0100' }];
    const createCall = createCallHandler(() => coldContainer(emulator, SETTINGS));
    const answers = [];
    for (const item of invalid) answers.push(parseBody(await createCall(httpApiEvent(item), lambdaContext())));
    emulator.reset();

    // Act
    const { result } = await invoke(freshEvent([{ to: '+1 415 555 0130' }, ...invalid, { to: '+1 415 555 0131', dryRun: true }, 'not an object']));
    const done = await settled(result!.batchId!);

    // Assess
    expect(result).toMatchObject({ total: 6, queued: 1, dryRun: 1 });
    expect(result!.failed.slice(0, 3)).toEqual(
      answers.map((answer, i) => ({ index: i + 1, code: answer.code, detail: answer.detail, ...(answer.field === undefined ? {} : { field: answer.field }) })),
    );
    expect(result!.failed[3]).toEqual({ index: 5, code: 'invalid_request', detail: expect.stringMatching(/^The call must be a JSON object/) });
    expect(done).toMatchObject({ status: 'done', total: 6, counts: { placed: 1, failed: 4, dryRun: 1 } });
    expect(placedNumbers()).toEqual(['+14155550130']);
  });

  it('belongs to the stack: an API caller sees the batch and the calls it placed only when reads are open to the account', async () => {
    // Act
    const { result } = await invoke(freshEvent([{ to: '+1 415 555 0140' }]));
    await settled(result!.batchId!);
    const asOwnerOnly = await getBatch(result!.batchId!, 'owner');
    const asAccount = await getBatch(result!.batchId!, 'account');
    const conversationId = String(emulator.records.callsPlaced[0].conversationId);
    const getCall = (readAccess: string) => createGetCall(() => coldContainer(emulator, { ...SETTINGS, CALL_READ_ACCESS: readAccess }))(httpApiGetCallEvent(conversationId), lambdaContext());
    const [callOwnerOnly, callAccount] = [await getCall('owner'), await getCall('account')];

    // Assess
    expect(asOwnerOnly).toEqual({ status: 404, body: expect.objectContaining({ code: 'batch_not_found' }) });
    expect(asAccount).toMatchObject({ status: 200, body: { status: 'done', counts: { placed: 1 } } });
    expect([callOwnerOnly.statusCode, callAccount.statusCode]).toEqual([404, 200]);
  });
});

describe('scheduledCalls and duplicate deliveries of a list without an event id', () => {
  it("warns once that a constant input's items would be queued again on a duplicate delivery, and queues them", async () => {
    // Act
    const { result, logs } = await invoke(constantInput([{ to: '+1 415 555 0150' }, { to: '+1 415 555 0151', idempotencyKey: `own-${crypto.randomUUID()}` }]));
    await settled(result!.batchId!);

    // Assess
    expect(result).toMatchObject({ total: 2, queued: 2 });
    expect(logs.filter((line) => line.outcome === 'duplicate_delivery_risk')).toEqual([expect.objectContaining({ level: 'WARN', items: 1 })]);
    expect(placedNumbers()).toEqual(['+14155550150', '+14155550151']);
  });

  it("Lambda's retry of a constant input (the same request id) finds the same batch: nothing queued again", async () => {
    // Prepare
    const input = constantInput([{ to: '+1 415 555 0155' }]);
    const context = lambdaContext(28_000, FUNCTION);
    const first = await invoke(input, container, context);

    // Act
    const retried = await invoke(structuredClone(input), container, context);
    await settled(first.result!.batchId!);

    // Assess
    expect(retried.result).toEqual({ ...first.result, replayed: true });
    expect(placedNumbers()).toEqual(['+14155550155']);
  });

  it('a duplicate delivery of a constant input (a new request id) is a new batch: its calls are queued again, the risk the warning names', async () => {
    // Prepare
    const input = constantInput([{ to: '+1 415 555 0156' }]);
    const first = await invoke(input);

    // Act
    const duplicate = await invoke(structuredClone(input));
    await Promise.all([settled(first.result!.batchId!), settled(duplicate.result!.batchId!)]);

    // Assess
    expect(duplicate.result!.batchId).not.toBe(first.result!.batchId);
    expect(duplicate.result).toMatchObject({ queued: 1 });
    expect(placedNumbers()).toEqual(['+14155550156', '+14155550156']);
  });

  it("an item's own idempotencyKey keeps it one call across two deliveries of a constant input, without a warning", async () => {
    // Prepare
    const input = constantInput([{ to: '+1 415 555 0160', idempotencyKey: `own-${crypto.randomUUID()}` }]);

    // Act: two deliveries, two request ids, so two batches; the item's key is the same.
    const first = await invoke(input);
    const doneFirst = await settled(first.result!.batchId!);
    const second = await invoke(structuredClone(input));
    const doneSecond = await settled(second.result!.batchId!);

    // Assess
    expect(second.result!.batchId).not.toBe(first.result!.batchId);
    expect([doneFirst.counts.placed, doneSecond.counts.placed]).toEqual([1, 1]);
    expect(emulator.records.callsPlaced).toHaveLength(1);
    expect([...first.logs, ...second.logs].filter((line) => line.outcome === 'duplicate_delivery_risk')).toEqual([]);
  });

  it('refuses an item whose idempotencyKey is malformed (400, field idempotencyKey) and queues the others', async () => {
    // Act
    const { result } = await invoke(freshEvent([{ to: '+1 415 555 0170', idempotencyKey: '' }, { to: '+1 415 555 0171' }]));
    await settled(result!.batchId!);

    // Assess
    expect(result).toMatchObject({ total: 2, queued: 1, failed: [{ index: 0, code: 'invalid_request', field: 'idempotencyKey', detail: expect.any(String) }] });
    expect(placedNumbers()).toEqual(['+14155550171']);
  });
});

describe('scheduledCalls when it cannot queue the list', () => {
  it('refuses a Scheduled Event without calls (a rule with no input): reported, nothing queued, no throw', async () => {
    // Act
    const { result, error, logs } = await invokeProxied(scheduledEventWithoutInput());

    // Assess
    expect(error).toBeUndefined();
    expect(result).toEqual({ total: 0, queued: 0, dryRun: 0, failed: [], problem: { code: 'invalid_request', detail: expect.stringContaining('Give the rule a constant input') } });
    // (The dialer runs in this process too: only the schedule's own lines.)
    expect(logs.filter((line) => String(line.outcome).startsWith('schedule_')).map((line) => [line.level, line.outcome])).toEqual([['ERROR', 'schedule_refused']]);
    expect(entriesSent()).toBe(0);
  });

  it('the dial queue failing part way: throws (so Lambda retries) with counts and no number; the retry completes the same batch, each call once', async () => {
    // Prepare: 30 calls are 3 SendMessageBatch requests; the 2nd on is refused.
    const calls = Array.from({ length: 30 }, (_, i) => ({ to: `+1 415 555 ${String(200 + i).padStart(4, '0')}` }));
    const event = freshEvent(calls);
    sqsProxy.fail({ operation: 'SendMessageBatch', after: 1, how: { status: 503, type: 'com.amazonaws.sqs#ServiceUnavailable', message: 'unavailable' } });

    // Act
    const first = await invokeProxied(event);
    sqsProxy.heal();
    const retry = await invokeProxied(structuredClone(event));
    const done = await settled(retry.result!.batchId!);

    // Assess
    expect(first.error).toBeInstanceOf(ScheduleNotQueuedError);
    const message = (first.error as Error).message;
    expect(message).toMatch(/^Schedule batch [0-9a-f-]{36} was not wholly queued \(queue_unavailable\): \d+ of its 30 calls are queued/);
    // No number: besides the batch id (a UUID, which may hold runs of digits), only counts and a code.
    expect(message.replace((first.error as ScheduleNotQueuedError).batchId, '')).not.toMatch(/\d{4}/);
    expect(first.logs.filter((line) => line.outcome === 'schedule_not_queued')).toEqual([expect.objectContaining({ level: 'ERROR', code: 'queue_unavailable' })]);
    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ batchId: (first.error as ScheduleNotQueuedError).batchId, total: 30, queued: 30, failed: [] });
    expect(done).toMatchObject({ status: 'done', total: 30, counts: { placed: 30 } });
    expect(new Set(placedNumbers()).size).toBe(30);
    expect(placedNumbers()).toHaveLength(30);
  });

  it('without a dial queue (DIAL_QUEUE_URL unset) throws queue_unavailable, writing nothing', async () => {
    // Prepare
    const broken = coldContainer(emulator, { ...SETTINGS, DIAL_QUEUE_URL: undefined });

    // Act
    const { error } = await invoke(freshEvent([{ to: '+1 415 555 0180' }]), broken);

    // Assess
    expect(error).toBeInstanceOf(ScheduleNotQueuedError);
    expect((error as ScheduleNotQueuedError).code).toBe('queue_unavailable');
    expect((await getBatch((error as ScheduleNotQueuedError).batchId)).status).toBe(404);
    expect(emulator.records.callPosts).toBe(0);
  });
});
