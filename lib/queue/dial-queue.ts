import type * as SQS from '@aws-sdk/client-sqs';
import { lazyUntilFailed } from '../aws/lazy';
import { STORE_CLIENT_CONFIG, boundedSend, withStoreDeadline } from '../aws/store-deadline';
import { ProblemError } from '../problems/errors';

/** SendMessageBatch takes at most 10 entries (scale-facts §1.2). */
const ENTRIES_PER_SEND = 10;
/**
 * SendMessageBatch requests in flight at once while a batch is accepted: 10,000 calls are 1,000
 * requests, a few milliseconds each in SQS; 16 at once keep one invocation well inside API
 * Gateway's 30 s (docs/batches.md, "The producer"), far under SQS's own limits.
 */
const SENDS_AT_ONCE = 16;
/** Entries SQS refused (`Failed`, not the sender's fault) are sent again this many times. */
const RESENDS = 3;

/** A message to send: its body, and which item of the batch it is (its index). */
export interface Outgoing {
  readonly index: number;
  readonly body: string;
}

/** An entry not taken, with the code SQS (or the SDK) gave. */
export interface NotQueued {
  readonly index: number;
  readonly code: string;
}

/** What became of one chunk of entries: each is in exactly one of the three lists. */
export interface ChunkResult {
  /** Taken: they are on the queue. */
  readonly sent: readonly number[];
  /** Refused for the entry's own fault: sending it again would fail the same way. */
  readonly refused: readonly NotQueued[];
  /** Not taken for a reason that may pass (SQS failing or throttling, the time left): a retry may send them. */
  readonly unsent: readonly NotQueued[];
}

/** Where a batch's messages go (accept-batch.ts): the dial queue, or Scheduler for a batch with `at`. */
export interface Sender {
  /** Entries one `send` takes at most. */
  readonly chunkSize: number;
  /** Sends in flight at once. */
  readonly chunksAtOnce: number;
  /** The problem code of an entry it refused. */
  readonly refusedAs: 'queue_unavailable' | 'schedules_unavailable';
  /** Sends one chunk; never rejects (each entry is accounted for in the result). */
  send(chunk: readonly Outgoing[], deadline: number): Promise<ChunkResult>;
}

/**
 * The dial queue (DIAL_QUEUE_URL) through the real `@aws-sdk/client-sqs` (AWS_ENDPOINT_URL_SQS points
 * it at a local one), loaded on first use and bounded like the stores (store-deadline.ts).
 */
export class DialQueue {
  readonly #load = lazyUntilFailed(async () => {
    // require(), not import(), as for DynamoDB (lib/aws/dynamodb-client.ts): the runtime's SDK is CommonJS.
    const sdk = require('@aws-sdk/client-sqs') as typeof SQS;
    return { sdk, client: boundedSend(new sdk.SQSClient(STORE_CLIENT_CONFIG)) };
  });

  constructor(private readonly queueUrl: string | undefined) {}

  /** Throws `503 queue_unavailable` when the stack has no dial queue: before anything is written. */
  check(): void {
    this.url();
  }

  /** The dial queue as a batch's sender: ten to a SendMessageBatch, SENDS_AT_ONCE at a time. */
  readonly sender: Sender = {
    chunkSize: ENTRIES_PER_SEND,
    chunksAtOnce: SENDS_AT_ONCE,
    refusedAs: 'queue_unavailable',
    send: (chunk, deadline) => this.sendChunk(chunk, deadline),
  };

  /**
   * Sends up to ten entries in one SendMessageBatch. SQS answers 200 with the entries it refused in
   * `Failed`: a sender fault (a malformed entry) is refused for good; the others are sent again, up
   * to RESENDS times. A request that failed whole (after the SDK's own retry) or that the time left
   * cannot hold leaves its entries unsent: whether SQS took them is then not known, and the caller
   * treats them as not taken (a later retry may send one again; its key keeps it one call).
   */
  async sendChunk(entries: readonly Outgoing[], deadline: number): Promise<ChunkResult> {
    const sent: number[] = [];
    const refused: NotQueued[] = [];
    let pending = entries;
    let lastCode = 'unknown';
    try {
      const { sdk, client } = await this.#load();
      const queueUrl = this.url();
      for (let attempt = 0; attempt <= RESENDS && pending.length > 0; attempt += 1) {
        const answer = await withStoreDeadline(deadline, () =>
          client.send(new sdk.SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((entry) => ({ Id: String(entry.index), MessageBody: entry.body })) })),
        );
        const failed = new Map((answer.Failed ?? []).map((entry) => [entry.Id, entry]));
        const next: Outgoing[] = [];
        for (const entry of pending) {
          const failure = failed.get(String(entry.index));
          if (!failure) sent.push(entry.index);
          else if (failure.SenderFault) refused.push({ index: entry.index, code: failure.Code ?? 'unknown' });
          else next.push(entry);
        }
        pending = next;
        lastCode = [...failed.values()].find((entry) => !entry.SenderFault)?.Code ?? lastCode;
      }
    } catch (error) {
      lastCode = error instanceof ProblemError ? error.code : error instanceof Error ? error.name : 'unknown';
    }
    return { sent, refused, unsent: pending.map((entry) => ({ index: entry.index, code: lastCode })) };
  }

  /** Hides a received message for `seconds` more (0–43 200), from now. */
  async defer(receiptHandle: string, seconds: number, deadline: number): Promise<void> {
    const { sdk, client } = await this.#load();
    await withStoreDeadline(deadline, () =>
      client.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: this.url(), ReceiptHandle: receiptHandle, VisibilityTimeout: Math.max(0, Math.min(43_200, Math.ceil(seconds))) })),
    );
  }

  private url(): string {
    if (!this.queueUrl) {
      throw new ProblemError('queue_unavailable', { detail: 'This deployment has no dial queue (DIAL_QUEUE_URL is not set), so calls cannot be queued. Nothing was queued.' });
    }
    return this.queueUrl;
  }
}
