import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { EventSourceMapping } from '../../emulator/event-source-mapping';
import { BATCHES_TABLE, CALLS_TABLE, IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { createHandler as createBatchHandler } from '../../functions/create-batch';
import { createHandler as createDialer } from '../../functions/dialer';
import { createHandler as createGetBatch } from '../../functions/get-batch';
import type { Container } from '../../lib/container';
import type { BatchStore } from '../../lib/queue/batch-store';
import { httpApiGetCallEvent, httpApiRequest } from '../support/api-gateway-events';
import { createHandler as createGetCall } from '../../functions/get-call';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, waitUntil } from '../support/harness';
import type { FaultProxy } from '../support/fault-proxy';
import { startFaultProxy } from '../support/fault-proxy';
import { schemaAt } from '../support/openapi';
import { createHandler as createListCalls } from '../../functions/list-batch-calls';

/** The answer validates against openapi.yaml's schema for this route and status. */
function documented(path: string, method: string, status: number, body: unknown, media = 'application/json'): boolean {
  const validate = schemaAt(['paths', path, method, 'responses', String(status), 'content', media, 'schema']);
  const valid = validate(body);
  if (!valid) throw new Error(JSON.stringify(validate.errors));
  return valid;
}

// In process: the real handlers, the emulator, dynalite and the local SQS, with the event source
// mapping invoking the dialer as Lambda would. The end-to-end twin under serverless offline is
// test/e2e/batches.test.ts.

let stack: EmulatorAndDynamo;
let emulator: Emulator;
let sqs: LocalSqs;
let container: Container;
let mapping: EventSourceMapping;

jest.setTimeout(60_000);

let sqsProxy: FaultProxy;
let dynamoProxy: FaultProxy;

beforeAll(async () => {
  stack = await startEmulatorAndDynamo();
  emulator = stack.emulator;
  sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: 5, maxReceiveCount: 3 });
  process.env.AWS_ENDPOINT_URL_SQS = sqs.url;
  [sqsProxy, dynamoProxy] = await Promise.all([startFaultProxy(sqs.url), startFaultProxy(stack.dynamo.url)]);
});
afterAll(async () => {
  await Promise.all([sqsProxy.stop(), dynamoProxy.stop()]);
  await sqs.stop();
  await stack.stop();
});

const SETTINGS = {
  IDEMPOTENCY_TABLE,
  CALLS_TABLE,
  BATCHES_TABLE,
  DIAL_CONCURRENCY: '2',
  DIAL_REQUESTS_PER_MINUTE: '6000',
  DIAL_MAX_RECEIVE_COUNT: '3',
  DIAL_RETRY_BASE_SECONDS: '1',
};

beforeEach(() => {
  emulator.reset();
  container = coldContainer(emulator, { ...SETTINGS, DIAL_QUEUE_URL: sqs.queueUrl });
  const dialer = createDialer(() => container);
  mapping = new EventSourceMapping({ client: sqs.client, queueUrl: sqs.queueUrl, queueArn: sqs.queueArn, batchSize: 10, maximumConcurrency: 2, idleMs: 20, target: (event) => dialer(event, lambdaContext(30_000)) });
  mapping.start();
});
afterEach(async () => {
  sqsProxy.heal();
  dynamoProxy.heal();
  sqsProxy.forwarded.clear();
  dynamoProxy.forwarded.clear();
  await mapping.stop();
});

const post = async (body: unknown, headers: Record<string, string> = {}, through: Container = container) => {
  const answer = await createBatchHandler(() => through)(httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify(body), headers }), lambdaContext(28_000));
  return { status: answer.statusCode, body: JSON.parse(answer.body) as Record<string, unknown>, headers: answer.headers ?? {} };
};
const progress = async (batchId: string) => {
  const answer = await createGetBatch(() => container)(httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}', path: `/batches/${batchId}`, pathParameters: { batchId } }), lambdaContext(28_000));
  return JSON.parse(answer.body) as { status: string; counts: Record<string, number>; total: number };
};
const listCalls = async (batchId: string, query: Record<string, string>) => {
  const answer = await createListCalls(() => container)(
    httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}/calls', path: `/batches/${batchId}/calls`, pathParameters: { batchId }, query }),
    lambdaContext(28_000),
  );
  return JSON.parse(answer.body) as { items: Array<{ index: number; status: string }>; next?: string };
};
/**
 * The batch's progress once it is done (or its last one after 30 s). Waiting for the emulator's calls
 * or the mapping's deletions is not enough: a call is placed before the dialer settles its item, and
 * a message SQS holds twice is deleted twice.
 */
const settled = async (batchId: string) => {
  let answer = await progress(batchId);
  for (const until = Date.now() + 30_000; answer.status !== 'done' && Date.now() < until; answer = await progress(batchId)) await new Promise((resolve) => setTimeout(resolve, 100));
  return answer;
};
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const numbers = (count: number, from: number) => Array.from({ length: count }, (_, i) => ({ to: `+1 415 555 ${String(from + i).padStart(4, '0')}` }));

/**
 * A container whose SQS and DynamoDB clients go through the fault proxies (the SDK reads
 * AWS_ENDPOINT_URL_DYNAMODB when its client is made, on first use: here, inside `act`). The dialer keeps
 * the test's own container, straight to the local SQS and dynalite.
 */
async function throughProxies<T>(act: (proxied: Container) => Promise<T>): Promise<T> {
  const before = { sqs: process.env.AWS_ENDPOINT_URL_SQS, dynamo: process.env.AWS_ENDPOINT_URL_DYNAMODB };
  Object.assign(process.env, { AWS_ENDPOINT_URL_SQS: sqsProxy.url, AWS_ENDPOINT_URL_DYNAMODB: dynamoProxy.url });
  try {
    // The SQS client sends to the host of the queue's URL: the proxy's.
    return await act(coldContainer(emulator, { ...SETTINGS, DIAL_QUEUE_URL: sqs.queueUrl.replace(sqs.url, sqsProxy.url) }));
  } finally {
    Object.assign(process.env, { AWS_ENDPOINT_URL_SQS: before.sqs, AWS_ENDPOINT_URL_DYNAMODB: before.dynamo });
  }
}

/**
 * POST /batches again with the same key, as a 503 says, until it completes: on this shared machine a
 * send may outlive the SDK's 1 s bound and stop a retry too (its detail then says so); three are plenty.
 */
async function retryAsTold(body: unknown, key: Record<string, string>) {
  let answer = await throughProxies((proxied) => post(body, key, proxied));
  for (let retry = 1; retry < 3 && answer.status === 503; retry += 1) answer = await throughProxies((proxied) => post(body, key, proxied));
  return answer;
}

/** Numbers the emulator placed calls to, each with how many times. */
function placedTimes(): Map<string, number> {
  const times = new Map<string, number>();
  for (const placed of emulator.records.callsPlaced) times.set(String(placed.body.phoneNumber), (times.get(String(placed.body.phoneNumber)) ?? 0) + 1);
  return times;
}

/** Messages SQS took through the proxy (SendMessageBatch entries answered 200, less those it listed as Failed: none here). */
const entryIndexesSent = () =>
  (sqsProxy.forwarded.get('SendMessageBatch') ?? []).flatMap((request) => (request as { Entries: Array<{ Id: string }> }).Entries.map((entry) => Number(entry.Id))).sort((a, b) => a - b);
const entriesSent = () => sqsProxy.forwarded.get('SendMessageBatch')?.reduce((n: number, request) => n + (request as { Entries: unknown[] }).Entries.length, 0) ?? 0;

describe('the dial queue, in process', () => {
  it('places each valid call of a batch once and reports the invalid ones by index', async () => {
    // Act
    const answer = await post({ calls: [{ to: '(415) 555-0100' }, { to: 'not a number' }, { to: '+1 415 555 0101' }] });
    const batchId = answer.body.batchId as string;
    await waitUntil(() => emulator.records.callsPlaced.length === 2, () => `${emulator.records.callsPlaced.length} placed`, 15_000);
    await waitUntil(() => mapping.records.deleted === 2, () => `${mapping.records.deleted} deleted`, 15_000);

    const done = await progress(batchId);
    const page = await createListCalls(() => container)(
      httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}/calls', path: `/batches/${batchId}/calls`, pathParameters: { batchId }, query: { limit: '2' } }),
      lambdaContext(28_000),
    );
    const pageBody = JSON.parse(page.body) as { items: Array<{ index: number; to?: string }>; next?: string };

    // Assess
    expect(answer).toMatchObject({ status: 202, body: { total: 3, queued: 2, failed: [{ index: 1, code: 'invalid_phone_number' }] } });
    expect(done).toMatchObject({ status: 'done', total: 3, counts: { placed: 2, failed: 1, queued: 0 } });
    expect(pageBody).toMatchObject({ items: [{ index: 0, status: 'placed', to: '+*******0100' }, { index: 1, status: 'failed', code: 'invalid_phone_number' }], next: '1' });
    const placedCall = await createGetCall(() => container)(httpApiGetCallEvent(emulator.records.callsPlaced[0].conversationId), lambdaContext(28_000));
    expect(placedCall.statusCode).toBe(200);
    expect([documented('/batches', 'post', 202, answer.body), documented('/batches/{batchId}', 'get', 200, done), documented('/batches/{batchId}/calls', 'get', 200, pageBody)]).toEqual([true, true, true]);
  });

  it('shows a batch only to the principal that created it: any other gets 404 batch_not_found', async () => {
    // Prepare
    const answer = await post({ calls: [{ to: '(415) 555-0103', dryRun: true }] });
    const batchId = answer.body.batchId as string;
    const asOther = httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}', path: `/batches/${batchId}`, pathParameters: { batchId } });
    const iam = (asOther.requestContext as unknown as { authorizer: { iam: { userArn: string } } }).authorizer.iam;
    iam.userArn = 'arn:aws:iam::123456789012:user/someone-else';

    // Act
    const mine = await progress(batchId);
    const theirs = await createGetBatch(() => container)(asOther, lambdaContext(28_000));

    // Assess
    expect(mine).toMatchObject({ status: 'done', counts: { dryRun: 1 } });
    expect({ status: theirs.statusCode, code: JSON.parse(theirs.body).code }).toEqual({ status: 404, code: 'batch_not_found' });
    expect(documented('/batches/{batchId}', 'get', 404, JSON.parse(theirs.body), 'application/problem+json')).toBe(true);
    expect(emulator.records.callsPlaced).toEqual([]);
  });

  it("records a queued call as placed by the batch's creator: another principal cannot read it", async () => {
    // Prepare
    await post({ calls: [{ to: '(415) 555-0104' }] });
    await waitUntil(() => emulator.records.callsPlaced.length === 1, () => 'not placed', 15_000);
    await waitUntil(() => mapping.records.deleted === 1, () => 'not done', 15_000);
    const asOther = httpApiGetCallEvent(emulator.records.callsPlaced[0].conversationId);
    (asOther.requestContext as unknown as { authorizer: { iam: { userArn: string } } }).authorizer.iam.userArn = 'arn:aws:iam::123456789012:user/someone-else';

    // Act
    const theirs = await createGetCall(() => container)(asOther, lambdaContext(28_000));

    // Assess
    expect({ status: theirs.statusCode, code: JSON.parse(theirs.body).code }).toEqual({ status: 404, code: 'call_not_found' });
  });

  it('places a call delivered twice once', async () => {
    // Prepare
    const message = { v: 1, key: 'dup-test', caller: 'anonymous', call: { to: '(415) 555-0102' } };

    // Act
    await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: JSON.stringify(message) }));
    await waitUntil(() => mapping.records.deleted === 1, () => `${mapping.records.deleted} deleted`, 15_000);
    await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: JSON.stringify(message) }));
    await waitUntil(() => mapping.records.deleted === 2, () => `${mapping.records.deleted} deleted`, 15_000);

    // Assess
    expect(emulator.records.callsPlaced).toHaveLength(1);
  });

  it('counts a call whose function died on its last receive as deadLettered, not queued for ever', async () => {
    // Prepare: the login fails, so the first two receives send the message back (1 s, then 2 s). On
    // the third and last (DIAL_MAX_RECEIVE_COUNT 3) the function dies part way, as one killed by its
    // timeout or its memory: nothing after that point runs (its batch read never answers), the
    // invocation (2 s long) fails, and SQS moves the message to the dead-letter queue on its next receive.
    await mapping.stop();
    emulator.revokeTokens();
    emulator.inject('token', { kind: 'status', status: 503 }, 1000);
    const dialer = createDialer(() => container);
    const dying = createDialer(() => ({ ...container, dialer: () => ({ ...container.dialer(), batches: neverAnswersGet(container.dialer().batches) }) }));
    const lastReceive = (event: SQSEvent) => event.Records.some((record) => Number(record.attributes.ApproximateReceiveCount) >= 3);
    mapping = new EventSourceMapping({
      client: sqs.client,
      queueUrl: sqs.queueUrl,
      queueArn: sqs.queueArn,
      batchSize: 10,
      maximumConcurrency: 2,
      idleMs: 20,
      target: (event) =>
        lastReceive(event)
          ? Promise.race([dying(event, lambdaContext(2_000)), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the function died')), 500))])
          : dialer(event, lambdaContext(30_000)),
    });
    mapping.start();

    // Act
    const accepted = await post({ calls: [{ to: '+1 415 555 0700' }] });
    const batchId = accepted.body.batchId as string;
    await waitUntil(() => mapping.records.failedInvocations >= 1, () => `${mapping.records.failedInvocations} failed invocations`, 20_000);
        const dead = await waitForDeadLetter(batchId);
    const done = await progress(batchId);
    const listed = await listCalls(batchId, { status: 'deadLettered' });
    emulator.clearFaults();

    // Assess
    expect(dead).toBe(true);
    expect(done).toMatchObject({ status: 'done', counts: { deadLettered: 1, queued: 0, placed: 0 } });
    expect(listed.items).toEqual([expect.objectContaining({ index: 0, status: 'deadLettered' })]);
    expect(listed.items[0]).not.toHaveProperty('deadLetterAt');
    expect(emulator.records.callsPlaced).toEqual([]);
  });
});

/** The batches table of a dialer whose batch read never answers: where the function dies. */
function neverAnswersGet(store: BatchStore): BatchStore {
  return new Proxy(store, { get: (target, name) => (name === 'get' ? () => new Promise(() => undefined) : Reflect.get(target, name)) });
}

/** Whether the dead-letter queue received a message of the batch within 15 s (the queue's visibility timeout is 5). */
async function waitForDeadLetter(batchId: string): Promise<boolean> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const answer = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: sqs.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const message of answer.Messages ?? []) {
      await sqs.client.send(new DeleteMessageCommand({ QueueUrl: sqs.deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle! }));
      if ((JSON.parse(message.Body!) as { batchId?: string }).batchId === batchId) return true;
    }
  }
  return false;
}

describe('POST /batches when a dependency fails part way (real SQS and DynamoDB behind a proxy that starts failing)', () => {
  it('the queue failing mid-batch: 503 saying how many are queued; the rest are notQueued, never queued; the same key completes it, each call once', async () => {
    // Prepare: 200 calls are 20 SendMessageBatch requests; the 6th on is refused (SQS unavailable).
    const calls = numbers(200, 1000);
    const key = { 'idempotency-key': `queue-fails-${Date.now()}` };
    sqsProxy.fail({ operation: 'SendMessageBatch', after: 5, how: { status: 503, type: 'com.amazonaws.sqs#ServiceUnavailable', message: 'unavailable' } });

    // Act
    const first = await throughProxies((proxied) => post({ calls }, key, proxied));
    const batchId = first.body.batchId as string;
    const queuedAtFirst = first.body.queued as number;
    const meanwhile = await progress(batchId);
    const notQueuedPage = await listCalls(batchId, { status: 'notQueued', limit: '1000' });
    const confirmedFirst = new Set(Array.from({ length: 200 }, (_, i) => i).filter((index) => !notQueuedPage.items.some((item) => item.index === index)));
    sqsProxy.forwarded.clear();
    sqsProxy.heal();
    const again = await retryAsTold({ calls }, key);
    const sentAgain = new Set(entryIndexesSent());
    const done = await settled(batchId);

    // Assess
    expect(first).toMatchObject({
      status: 503,
      body: { code: 'queue_unavailable', batchId: expect.any(String), total: 200, notQueued: 200 - queuedAtFirst, progress: `/batches/${batchId}` },
    });
    expect(first.body.detail).toMatch(/Retry this request unchanged with the same Idempotency-Key/);
    expect(first.body).not.toHaveProperty('idempotencyKey');
    expect(queuedAtFirst).toBeGreaterThan(0);
    expect(queuedAtFirst).toBeLessThan(200);
    expect(documented('/batches', 'post', 503, first.body, 'application/problem+json')).toBe(true);
    // Until the retry, the API never says queued of a call SQS did not take.
    expect(meanwhile.status).toBe('incomplete');
    expect(meanwhile.counts.notQueued).toBe(200 - queuedAtFirst);
    expect(sum(meanwhile.counts)).toBe(200);
    expect(notQueuedPage.items).toHaveLength(200 - queuedAtFirst);
    expect(again.body.detail).toBeUndefined(); // a 503's detail says why, should the retry fail
    expect(again).toMatchObject({ status: 202, body: { batchId, total: 200, queued: 200, failed: [] } });
    // The retry sent none of the calls the first had confirmed sent, and every call it had not. (A
    // send SQS took but answered too late is not confirmed, and is sent again: its key keeps it one call.)
    expect(confirmedFirst.size).toBe(queuedAtFirst);
    expect([...sentAgain].filter((index) => confirmedFirst.has(index))).toEqual([]);
    expect([...sentAgain].length + confirmedFirst.size).toBe(200);
    expect([...placedTimes().values()]).toEqual(Array(200).fill(1));
    expect(done).toMatchObject({ status: 'done', counts: { placed: 200, notQueued: 0, queued: 0 } });
  });

  it('the batches table failing while items are written: 503 batches_unavailable, nothing queued; the same key completes it, each call once', async () => {
    // Prepare: 300 items are 12 BatchWriteItem requests; the 4th on fail (connection reset).
    const calls = numbers(300, 2000);
    const key = { 'idempotency-key': `store-fails-${Date.now()}` };
    dynamoProxy.fail({ operation: 'BatchWriteItem', after: 3, how: 'reset' });

    // Act
    const first = await throughProxies((proxied) => post({ calls }, key, proxied));
    const batchId = first.body.batchId as string;
    const meanwhile = await progress(batchId);
    const sentFirst = entriesSent();
    dynamoProxy.heal();
    const again = await retryAsTold({ calls }, key);
    await waitUntil(() => emulator.records.callsPlaced.length >= 300, () => `${emulator.records.callsPlaced.length} placed`, 30_000);

    // Assess
    expect(first).toMatchObject({ status: 503, body: { code: 'batches_unavailable', batchId: expect.any(String), total: 300, queued: 0, notQueued: 300 } });
    expect(first.body.detail).toMatch(/No call is known to be queued/);
    expect(sentFirst).toBe(0);
    expect(new Set(entryIndexesSent()).size).toBe(300);
    expect(meanwhile).toMatchObject({ status: 'incomplete', counts: { notQueued: 300, queued: 0 } });
    expect(again).toMatchObject({ status: 202, body: { batchId, total: 300, queued: 300 } });
    expect([...placedTimes().values()]).toEqual(Array(300).fill(1));
  });

  it('the batches table failing after the messages were sent: the calls are dialled, and a retry with the same key places none twice', async () => {
    // Prepare: 40 items are 2 BatchWriteItem requests, then 4 sends and 1 confirmation (the 3rd BatchWriteItem), which fails.
    const calls = numbers(40, 3000);
    const key = { 'idempotency-key': `confirm-fails-${Date.now()}` };
    dynamoProxy.fail({ operation: 'BatchWriteItem', after: 2, how: { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'internal' } });

    // Act
    const first = await throughProxies((proxied) => post({ calls }, key, proxied));
    dynamoProxy.heal();
    await waitUntil(() => emulator.records.callsPlaced.length >= 40, () => `${emulator.records.callsPlaced.length} placed`, 30_000);
    const again = await retryAsTold({ calls }, key);
    await waitUntil(() => mapping.records.deleted >= entriesSent(), () => `${mapping.records.deleted} of ${entriesSent()} deleted`, 15_000);
    const done = await settled(first.body.batchId as string);

    // Assess
    expect(first).toMatchObject({ status: 503, body: { code: 'batches_unavailable', total: 40 } });
    expect(again).toMatchObject({ status: 202, body: { batchId: first.body.batchId, queued: 40 } });
    expect([...placedTimes().values()]).toEqual(Array(40).fill(1));
    expect(done).toMatchObject({ status: 'done', counts: { placed: 40 } });
  });

  it('without an Idempotency-Key, sends whose answers were lost: 503 names a key of its own, and the same request with it completes the batch, each call once', async () => {
    // Prepare: 30 calls are 3 SendMessageBatch requests; after the first, SQS takes each one but its
    // answer is lost (the connection drops after SQS acted), as when a network path fails mid-answer.
    const calls = numbers(30, 4000);
    sqsProxy.fail({ operation: 'SendMessageBatch', after: 1, how: 'answerLost' });

    // Act
    const first = await throughProxies((proxied) => post({ calls }, {}, proxied));
    const batchId = first.body.batchId as string;
    const takenAtFirst = new Set(entryIndexesSent());
    const notQueued = await listCalls(batchId, { status: 'notQueued' });
    sqsProxy.heal();
    const again = await retryAsTold({ calls }, { 'idempotency-key': String(first.body.idempotencyKey) });
    // SQS holds some calls twice (the SDK resent each send whose answer was lost).
    const done = await settled(batchId);

    // Assess
    expect(first).toMatchObject({ status: 503, body: { code: 'queue_unavailable', batchId: expect.any(String), total: 30, queued: 10, notQueued: 20, idempotencyKey: expect.any(String) } });
    expect(first.body.detail).toContain(`Idempotency-Key: ${String(first.body.idempotencyKey)}`);
    expect(first.body.detail).toContain('Do not send its calls in a new batch');
    expect(documented('/batches', 'post', 503, first.body, 'application/problem+json')).toBe(true);
    // SQS took every call, though 20 are not known to be queued: a new batch of them would ring each twice.
    expect(takenAtFirst.size).toBe(30);
    expect(notQueued.items).toHaveLength(20);
    expect(again).toMatchObject({ status: 202, body: { batchId, total: 30, queued: 30 } });
    expect([...placedTimes().values()]).toEqual(Array(30).fill(1));
    expect(done).toMatchObject({ status: 'done', counts: { placed: 30, notQueued: 0, queued: 0 } });
  });
});
