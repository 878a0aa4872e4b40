import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Emulator } from '../../emulator';
import { EventSourceMapping } from '../../emulator/event-source-mapping';
import { BATCHES_TABLE, CALLS_TABLE, IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { createHandler as createBatchHandler } from '../../functions/create-batch';
import { createHandler as createDialer } from '../../functions/dialer';
import { createHandler as createGetBatch } from '../../functions/get-batch';
import type { Container } from '../../lib/container';
import { httpApiGetCallEvent, httpApiRequest } from '../support/api-gateway-events';
import { createHandler as createGetCall } from '../../functions/get-call';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, waitUntil } from '../support/harness';
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

beforeAll(async () => {
  stack = await startEmulatorAndDynamo();
  emulator = stack.emulator;
  sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: 5, maxReceiveCount: 3 });
  process.env.AWS_ENDPOINT_URL_SQS = sqs.url;
});
afterAll(async () => {
  await sqs.stop();
  await stack.stop();
});
beforeEach(() => {
  emulator.reset();
  container = coldContainer(emulator, {
    IDEMPOTENCY_TABLE,
    CALLS_TABLE,
    BATCHES_TABLE,
    DIAL_QUEUE_URL: sqs.queueUrl,
    DIAL_CONCURRENCY: '2',
    DIAL_REQUESTS_PER_MINUTE: '6000',
    DIAL_MAX_RECEIVE_COUNT: '3',
    DIAL_RETRY_BASE_SECONDS: '1',
  });
  const dialer = createDialer(() => container);
  mapping = new EventSourceMapping({ client: sqs.client, queueUrl: sqs.queueUrl, queueArn: sqs.queueArn, batchSize: 10, maximumConcurrency: 2, idleMs: 20, target: (event) => dialer(event, lambdaContext(30_000)) });
  mapping.start();
});
afterEach(() => mapping.stop());

const post = async (body: unknown) => {
  const answer = await createBatchHandler(() => container)(httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify(body) }), lambdaContext(28_000));
  return { status: answer.statusCode, body: JSON.parse(answer.body) as Record<string, unknown> };
};
const progress = async (batchId: string) => {
  const answer = await createGetBatch(() => container)(httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}', path: `/batches/${batchId}`, pathParameters: { batchId } }), lambdaContext(28_000));
  return JSON.parse(answer.body) as { status: string; counts: Record<string, number>; total: number };
};

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
});
