import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Emulator } from '../../emulator';
import { start } from '../../emulator';
import { EventSourceMapping } from '../../emulator/event-source-mapping';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { startLocalDynamoDB } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { waitUntil } from '../support/harness';
import { leakGuard } from '../support/leak-guard';
import type { Started } from '../support/processes';
import { freePort, SERVERLESS, startProcess, waitForHttp } from '../support/processes';
import { signedRequest } from '../support/sigv4';

// End to end, as `npm start` runs it: POST /batches under serverless offline (the real CLI, the
// bundled functions) → the local SQS → the dialer, invoked through serverless offline's Lambda port
// by the event source mapping → the emulator. One serverless offline for the whole file.
// The queue is set for tests: visibility 3 s, 3 receives before the dead-letter queue, retries
// after 1 s, 2 s, …

jest.setTimeout(180_000);

let emulator: Emulator;
let dynamo: LocalDynamoDB;
let sqs: LocalSqs;
let offline: Started;
let mapping: EventSourceMapping;
let baseUrl: string;

beforeAll(async () => {
  emulator = await start();
  leakGuard.watch(emulator);
  dynamo = await startLocalDynamoDB();
  sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: 3, maxReceiveCount: 3 });
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  baseUrl = `http://127.0.0.1:${httpPort}`;
  offline = startProcess(SERVERLESS, ['offline', 'start', '--stage', 'local', '--param=dialConcurrency=2'], {
    EMULATOR_PORT: String(emulator.port),
    DYNAMODB_PORT: String(dynamo.port),
    SQS_PORT: String(sqs.port),
    OFFLINE_PORT: String(httpPort),
    OFFLINE_LAMBDA_PORT: String(lambdaPort),
    AWS_EC2_METADATA_DISABLED: 'true',
    DIAL_REQUESTS_PER_MINUTE: '6000',
    DIAL_MAX_RECEIVE_COUNT: '3',
    DIAL_RETRY_BASE_SECONDS: '1',
  });
  await waitForHttp(baseUrl, 120_000, offline);
  mapping = new EventSourceMapping({
    client: sqs.client,
    queueUrl: sqs.queueUrl,
    queueArn: sqs.queueArn,
    batchSize: 10,
    maximumConcurrency: 2,
    idleMs: 50,
    target: { lambdaUrl: `http://127.0.0.1:${lambdaPort}`, functionName: 'genesys-outbound-call-local-dialer' },
  });
  mapping.start();
});
afterAll(async () => {
  await mapping?.stop();
  await offline?.stop();
  leakGuard.observe(offline?.output() ?? '');
  await sqs?.stop();
  await dynamo?.stop();
  await emulator?.stop();
});
beforeEach(() => emulator.reset());

interface Progress {
  status: string;
  total: number;
  counts: Record<string, number>;
  startedAt?: string;
  finishedAt?: string;
}

async function call(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const response = await signedRequest(method, `${baseUrl}${path}`, body === undefined ? undefined : JSON.stringify(body), headers ? { headers } : {});
  const text = await response.text();
  leakGuard.observe(text);
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, headers: response.headers };
}

const postBatch = async (calls: unknown[], headers?: Record<string, string>) => call('POST', '/batches', { calls }, headers);
const progress = async (batchId: string) => (await call('GET', `/batches/${batchId}`)).body as unknown as Progress;
const numbers = (count: number, from = 100) => Array.from({ length: count }, (_, i) => `+1 415 555 ${String(from + i).padStart(4, '0')}`);
const e164 = (written: string) => `+${written.replace(/\D/g, '')}`;
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Waits until no item of the batch is queued, and answers its progress. */
async function settled(batchId: string, timeoutMs = 60_000): Promise<Progress> {
  let last: Progress | undefined;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    last = await progress(batchId);
    if (last.counts.queued === 0) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`batch ${batchId} still has queued items: ${JSON.stringify(last)}`);
}

/** The numbers the emulator placed calls to, with how many times each. */
function placedTimes(): Map<string, number> {
  const times = new Map<string, number>();
  for (const placed of emulator.records.callsPlaced) times.set(String(placed.body.phoneNumber), (times.get(String(placed.body.phoneNumber)) ?? 0) + 1);
  return times;
}

describe('POST /batches → the dial queue → the dialer, under serverless offline', () => {
  it('queues the valid calls, reports the invalid ones by index, places each valid one once, and counts add up', async () => {
    // Prepare
    const valid = numbers(5);

    // Act
    const accepted = await postBatch([valid[0], 'not a number', valid[1], { to: valid[2], calerId: 'x' }, valid[3], '+44 20 7946 0018', valid[4]].map((to) => (typeof to === 'string' ? { to } : to)));
    const batchId = accepted.body.batchId as string;
    const done = await settled(batchId);
    const page = await call('GET', `/batches/${batchId}/calls?status=failed&limit=2`);
    const rest = await call('GET', `/batches/${batchId}/calls?status=failed&limit=2&after=${String(page.body.next)}`);

    // Assess
    expect(accepted).toMatchObject({
      status: 202,
      body: {
        total: 7,
        queued: 5,
        failed: [
          { index: 1, code: 'invalid_phone_number' },
          { index: 3, code: 'invalid_request', field: 'calerId' },
        ],
      },
    });
    expect(accepted.headers.get('location')).toBe(`/batches/${batchId}`);
    expect(done).toMatchObject({ status: 'done', total: 7, counts: { placed: 5, failed: 2, queued: 0, mayHaveBeenPlaced: 0, deadLettered: 0, cancelled: 0, dryRun: 0 } });
    expect(sum(done.counts)).toBe(7);
    expect([...placedTimes()].sort()).toEqual([valid[0], valid[1], valid[3], valid[4], '+44 20 7946 0018'].map((number) => [e164(number), 1]).sort());
    expect([...(page.body.items as Array<{ index: number }>), ...(rest.body.items as Array<{ index: number }>)].map((item) => item.index)).toEqual([1, 3]);
    expect(JSON.stringify(await call('GET', `/batches/${batchId}/calls`))).toContain('+*******0100');
  });

  it('rides out a 429 storm: the messages come back after Retry-After and each call is placed once', async () => {
    // Prepare
    emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 1 }, 6);
    const written = numbers(8, 200);

    // Act
    const accepted = await postBatch(written.map((to) => ({ to })));
    const done = await settled(accepted.body.batchId as string);

    // Assess
    expect(done.counts).toMatchObject({ placed: 8, queued: 0 });
    expect([...placedTimes().values()]).toEqual(Array(8).fill(1));
    expect(emulator.records.requests.filter((request) => request.status === 429)).toHaveLength(6);
  });

  it('rides out a token outage that recovers: the calls go back with a growing delay, then are placed once', async () => {
    // Prepare: the warm dialers' tokens stop working, and the login answers 503 for a while.
    emulator.revokeTokens();
    emulator.inject('token', { kind: 'status', status: 503 }, 6);
    const written = numbers(3, 300);

    // Act
    const accepted = await postBatch(written.map((to) => ({ to })));
    const done = await settled(accepted.body.batchId as string);

    // Assess
    expect(done.counts).toMatchObject({ placed: 3, queued: 0, deadLettered: 0 });
    expect([...placedTimes().values()]).toEqual([1, 1, 1]);
    expect(emulator.records.requests.filter((request) => request.endpoint === 'token' && request.status === 503).length).toBeGreaterThan(0);
  });

  /** Waits until the dial queue holds no message, visible, in flight or delayed, and the mapping delivers none. */
  async function waitUntilQueueIsEmpty(): Promise<void> {
    const counts = async () => {
      const { Attributes } = await sqs.client.send(
        new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
      );
      return Object.values(Attributes ?? {}).reduce((sum, value) => sum + Number(value), 0) + mapping.records.inFlight;
    };
    const until = Date.now() + 60_000;
    while ((await counts()) > 0) {
      if (Date.now() > until) throw new Error(`the dial queue still holds ${await counts()} messages after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('places a call whose message is delivered twice once', async () => {
    // Prepare: a message as POST /batches writes it, sent by hand twice.
    const message = JSON.stringify({ v: 1, key: 'e2e-duplicate', caller: 'e2e', call: { to: '+1 415 555 0400' } });
    // The tests before may leave a message coming back (sent back, or redelivered under load): the
    // deletions counted below must be this message's only.
    await waitUntilQueueIsEmpty();
    const deletedBefore = mapping.records.deleted;

    // Act
    await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: message }));
    await waitUntil(() => mapping.records.deleted === deletedBefore + 1, () => 'first delivery not done', 20_000);
    await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: message }));
    await waitUntil(() => mapping.records.deleted === deletedBefore + 2, () => 'second delivery not done', 20_000);

    // Assess
    expect(emulator.records.callsPlaced.map((placed) => placed.body.phoneNumber)).toEqual(['+14155550400']);
  });

  it('cancels a batch mid-way: what was not dialled is cancelled, nothing more is placed, counts add up', async () => {
    // Prepare: every call takes 1.5 s, so the batch is still dialling when it is cancelled (20 at a time).
    emulator.inject('callsForUser', { kind: 'delay', ms: 1500 }, 60);
    const accepted = await postBatch(numbers(60, 500).map((to) => ({ to })));
    const batchId = accepted.body.batchId as string;
    await waitUntil(() => emulator.records.callsPlaced.length > 0, () => 'no call placed', 20_000);

    // Act
    const cancelled = await call('DELETE', `/batches/${batchId}`);
    const done = await settled(batchId);
    const placedAtEnd = emulator.records.callsPlaced.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));

    // Assess
    expect(cancelled).toMatchObject({ status: 202, body: { status: 'cancelled' } });
    expect(done.status).toBe('cancelled');
    expect(sum(done.counts)).toBe(60);
    expect(done.counts.cancelled).toBeGreaterThan(0);
    expect(done.counts.placed).toBe(placedAtEnd);
    expect(emulator.records.callsPlaced.length).toBe(placedAtEnd);
  });

  it('sends a call that keeps failing before Genesys acts to the dead-letter queue after its last receive, and says so', async () => {
    // Prepare: the login never recovers.
    emulator.revokeTokens();
    emulator.inject('token', { kind: 'status', status: 503 }, 1000);

    // Act
    const accepted = await postBatch([{ to: '+1 415 555 0600' }]);
    const done = await settled(accepted.body.batchId as string, 40_000);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    emulator.clearFaults();
    const dead = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: sqs.deadLetterQueueUrl, MaxNumberOfMessages: 10 }));

    // Assess
    expect(done.counts).toMatchObject({ deadLettered: 1, placed: 0, queued: 0 });
    expect(emulator.records.callsPlaced).toEqual([]);
    expect((dead.Messages ?? []).map((message) => (JSON.parse(message.Body!) as { batchId: string }).batchId)).toEqual([accepted.body.batchId]);
  });

  it('answers a retried POST /batches with an Idempotency-Key with the same batch, queueing nothing again', async () => {
    // Prepare
    const headers = { 'idempotency-key': `e2e-${Date.now()}` };
    const first = await postBatch([{ to: '+1 415 555 0700' }], headers);
    await settled(first.body.batchId as string);

    // Act
    const again = await postBatch([{ to: '+1 415 555 0700' }], headers);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    // Assess
    expect({ status: again.status, batchId: again.body.batchId, replayed: again.headers.get('idempotent-replayed') }).toEqual({ status: 202, batchId: first.body.batchId, replayed: 'true' });
    expect(emulator.records.callsPlaced).toHaveLength(1);
  });
});
