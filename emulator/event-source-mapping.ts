import { setTimeout as sleep } from 'node:timers/promises';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Where the mapping hands its batches: a function behind a Lambda Invoke API (serverless offline's
 * Lambda port, as in `npm start`), or a function in this process (tests).
 */
export type SqsTarget = { lambdaUrl: string; functionName: string } | ((event: SQSEvent) => Promise<unknown>);

export interface MappingSettings {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly target: SqsTarget;
  /** Messages a batch holds at most (serverless.yml's `batchSize`). */
  readonly batchSize: number;
  /** Batches being handled at once at most (serverless.yml's `maximumConcurrency`, param dialConcurrency). */
  readonly maximumConcurrency: number;
  /** How long a poller that found the queue empty waits before it asks again. */
  readonly idleMs?: number;
}

/** What the mapping did, for tests and the bench. */
export interface MappingRecords {
  invocations: number;
  /** Invocations that failed whole (the function threw, timed out, or answered unreadable failures). */
  failedInvocations: number;
  /** Messages listed in batchItemFailures (left on the queue). */
  itemFailures: number;
  deleted: number;
  inFlight: number;
  peakInFlight: number;
}

/** Bounds one invocation (the dialer's timeout is shorter), so a hung target cannot stop a poller. */
const INVOKE_TIMEOUT_MS = 120_000;

/**
 * Lambda's SQS event source mapping as the dialer meets it (AWS docs, services-sqs-*; scale-facts
 * §1.4): pollers receive up to `batchSize` messages, hand them to the function as an SQS event
 * (camelCase records, string attributes), and at most `maximumConcurrency` batches are in the
 * function at once. With ReportBatchItemFailures, the messages the answer lists in
 * `batchItemFailures` stay on the queue and the others are deleted; a function that throws (or an
 * answer whose failures cannot be read) leaves the whole batch, which comes back when its
 * visibility timeout ends. Visibility, receive counts and redrive to the dead-letter queue after
 * `maxReceiveCount` are the queue's own (local-sqs.ts).
 * Not emulated: the mapping's own scaling (5 pollers at first, +300 a minute), batching windows.
 */
export class EventSourceMapping {
  readonly records: MappingRecords = { invocations: 0, failedInvocations: 0, itemFailures: 0, deleted: 0, inFlight: 0, peakInFlight: 0 };
  readonly #stopping = new AbortController();
  #pollers: Promise<void>[] = [];

  constructor(private readonly settings: MappingSettings) {}

  start(): void {
    this.#pollers = Array.from({ length: this.settings.maximumConcurrency }, () => this.#poll());
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await Promise.all(this.#pollers);
  }

  async #poll(): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      let messages: Message[];
      try {
        const received = await this.settings.client.send(
          new ReceiveMessageCommand({
            QueueUrl: this.settings.queueUrl,
            MaxNumberOfMessages: Math.min(10, this.settings.batchSize),
            // Short polls with a pause when empty: local-aws-sqs's long poll waits out WaitTimeSeconds
            // even once a message is there, where SQS answers at once.
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
            // local-aws-sqs 2.0.2 reads only the older name.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        messages = received.Messages ?? [];
      } catch {
        messages = [];
      }
      if (messages.length === 0) {
        await sleep(this.settings.idleMs ?? 100, undefined, { signal }).catch(() => undefined);
        continue;
      }
      await this.#deliver(messages);
    }
  }

  async #deliver(messages: Message[]): Promise<void> {
    const records = this.records;
    records.invocations += 1;
    records.inFlight += 1;
    records.peakInFlight = Math.max(records.peakInFlight, records.inFlight);
    try {
      const failed = await this.#invoke({ Records: messages.map((message) => this.#record(message)) });
      if (failed === 'all') {
        records.failedInvocations += 1;
        return;
      }
      records.itemFailures += failed.size;
      const done = messages.filter((message) => !failed.has(message.MessageId!));
      for (let i = 0; i < done.length; i += 10) {
        const chunk = done.slice(i, i + 10);
        await this.settings.client
          .send(new DeleteMessageBatchCommand({ QueueUrl: this.settings.queueUrl, Entries: chunk.map((message, j) => ({ Id: String(j), ReceiptHandle: message.ReceiptHandle! })) }))
          .then((answer) => (records.deleted += answer.Successful?.length ?? 0))
          .catch(() => undefined);
      }
    } finally {
      records.inFlight -= 1;
    }
  }

  /** The message ids the function failed, or 'all' when the invocation failed whole. */
  async #invoke(event: SQSEvent): Promise<Set<string> | 'all'> {
    let answer: unknown;
    try {
      answer = await invoke(this.settings.target, event);
    } catch {
      return 'all';
    }
    return failuresOf(answer, new Set(event.Records.map((record) => record.messageId)));
  }

  #record(message: Message): SQSRecord {
    const attributes = (message.Attributes ?? {}) as Record<string, string>;
    return {
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: attributes as unknown as SQSRecord['attributes'],
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.settings.queueArn,
      awsRegion: this.settings.queueArn.split(':')[3] ?? 'us-east-1',
    };
  }
}

/**
 * The partial batch response (AWS docs, services-sqs-errorhandling): no answer, or no or empty
 * `batchItemFailures`, is a full success; an entry whose `itemIdentifier` is empty, null or not a
 * message of the batch fails the whole batch.
 */
export function failuresOf(answer: unknown, messageIds: ReadonlySet<string>): Set<string> | 'all' {
  const failures = (answer as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !messageIds.has(id)) return 'all';
    ids.add(id);
  }
  return ids;
}

async function invoke(target: SqsTarget, event: SQSEvent): Promise<unknown> {
  if (typeof target === 'function') return target(event);
  const url = `${target.lambdaUrl.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(target.functionName)}/invocations`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
    body: JSON.stringify(event),
    signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS),
  });
  const text = await response.text();
  // The Lambda Invoke API reports a function that threw as 200 with X-Amz-Function-Error.
  if (!response.ok || response.headers.get('x-amz-function-error') !== null) throw new Error(`the function failed: ${response.status}`);
  return text === '' ? undefined : JSON.parse(text);
}
