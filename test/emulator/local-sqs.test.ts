import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { EventSourceMapping, failuresOf } from '../../emulator/event-source-mapping';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { waitUntil } from '../support/harness';

// The local SQS (local-aws-sqs through the real @aws-sdk/client-sqs) and the event source mapping
// the dialer runs behind locally. Visibility is 1 s so that redeliveries come within a test.

let sqs: LocalSqs;
beforeEach(async () => {
  sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
});
afterEach(() => sqs.stop());

const send = (bodies: string[], queueUrl = sqs.queueUrl) =>
  sqs.client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.map((body, i) => ({ Id: `m${i}`, MessageBody: body })) }));
const receive = async (queueUrl = sqs.queueUrl) =>
  (await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, AttributeNames: ['All'] }))).Messages ?? [];

describe('the local SQS', () => {
  it('counts receives as SQS does: a visibility change is not one', async () => {
    // Prepare
    await send(['a']);
    const [first] = await receive();

    // Act
    await sqs.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: sqs.queueUrl, ReceiptHandle: first.ReceiptHandle!, VisibilityTimeout: 0 }));
    const [again] = await receive();

    // Assess
    expect([first.Attributes?.ApproximateReceiveCount, again.Attributes?.ApproximateReceiveCount]).toEqual(['1', '2']);
  });

  it('moves a message received maxReceiveCount times without being deleted to the dead-letter queue', async () => {
    // Prepare
    await send(['doomed']);
    await receive();
    await sleep(1100);
    await receive();

    // Act
    await sleep(1100);
    const [onQueue, onDeadLetter] = [await receive(), await receive(sqs.deadLetterQueueUrl)];

    // Assess
    expect({ onQueue: onQueue.map((m) => m.Body), onDeadLetter: onDeadLetter.map((m) => m.Body) }).toEqual({ onQueue: [], onDeadLetter: ['doomed'] });
  });
});

describe('EventSourceMapping', () => {
  const bodiesOf = (event: SQSEvent) => event.Records.map((record) => record.body);

  it('deletes what the function did, leaves what it listed in batchItemFailures, and redelivers that after the visibility timeout', async () => {
    // Prepare
    const seen: string[][] = [];
    const mapping = new EventSourceMapping({
      client: sqs.client,
      queueUrl: sqs.queueUrl,
      queueArn: sqs.queueArn,
      batchSize: 10,
      maximumConcurrency: 2,
      idleMs: 20,
      target: async (event) => {
        seen.push(bodiesOf(event));
        const failing = event.Records.filter((record) => record.body === 'fail-once' && record.attributes.ApproximateReceiveCount === '1');
        return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
      },
    });
    await send(['ok', 'fail-once']);

    // Act
    mapping.start();
    await waitUntil(() => mapping.records.deleted === 2, () => `${mapping.records.deleted} deleted`, 10_000);
    await mapping.stop();

    // Assess
    expect(seen.flat().sort()).toEqual(['fail-once', 'fail-once', 'ok']);
    expect(mapping.records).toMatchObject({ itemFailures: 1, deleted: 2, failedInvocations: 0 });
  });

  it('leaves the whole batch when the function throws, and so the queue redrives it to the dead-letter queue after maxReceiveCount', async () => {
    // Prepare
    let calls = 0;
    const mapping = new EventSourceMapping({
      client: sqs.client,
      queueUrl: sqs.queueUrl,
      queueArn: sqs.queueArn,
      batchSize: 10,
      maximumConcurrency: 2,
      idleMs: 20,
      target: async () => {
        calls += 1;
        throw new Error('boom');
      },
    });
    await send(['x']);

    // Act
    mapping.start();
    await waitUntil(() => calls === 2, () => `${calls} invocations`, 10_000);
    // The second failed receive's visibility ends: the queue moves the message instead of showing it again.
    await sleep(1300);
    await mapping.stop();
    const onDeadLetter = (await receive(sqs.deadLetterQueueUrl)).map((m) => m.Body!);

    // Assess
    expect({ calls, failed: mapping.records.failedInvocations, deleted: mapping.records.deleted, onDeadLetter }).toEqual({ calls: 2, failed: 2, deleted: 0, onDeadLetter: ['x'] });
  });

  it('hands at most maximumConcurrency batches to the function at once', async () => {
    // Prepare
    let now = 0;
    let peak = 0;
    const mapping = new EventSourceMapping({
      client: sqs.client,
      queueUrl: sqs.queueUrl,
      queueArn: sqs.queueArn,
      batchSize: 1,
      maximumConcurrency: 3,
      idleMs: 20,
      target: async () => {
        now += 1;
        peak = Math.max(peak, now);
        await sleep(100);
        now -= 1;
      },
    });
    await send(Array.from({ length: 10 }, (_, i) => `m${i}`));
    await send(Array.from({ length: 10 }, (_, i) => `n${i}`));

    // Act
    mapping.start();
    await waitUntil(() => mapping.records.deleted === 20, () => `${mapping.records.deleted} deleted`, 10_000);
    await mapping.stop();

    // Assess
    expect({ peak, mappingPeak: mapping.records.peakInFlight, invocations: mapping.records.invocations }).toEqual({ peak: 3, mappingPeak: 3, invocations: 20 });
  });
});

describe('failuresOf', () => {
  const ids = new Set(['a', 'b']);

  it.each([
    ['no answer', undefined, new Set()],
    ['no batchItemFailures', {}, new Set()],
    ['an empty list', { batchItemFailures: [] }, new Set()],
    ['listed ids', { batchItemFailures: [{ itemIdentifier: 'b' }] }, new Set(['b'])],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }, 'all'],
    ['an identifier not in the batch', { batchItemFailures: [{ itemIdentifier: 'z' }] }, 'all'],
    ['a list that is not one', { batchItemFailures: 'b' }, 'all'],
  ])('reads %s as Lambda does', (_name, answer, expected) => {
    // Act / Assess
    expect(failuresOf(answer, ids)).toEqual(expected);
  });
});
