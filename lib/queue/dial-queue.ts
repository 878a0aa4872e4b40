import type * as SQS from '@aws-sdk/client-sqs';
import { lazyUntilFailed } from '../aws/lazy';
import { STORE_CLIENT_CONFIG, boundedSend, withStoreDeadline } from '../aws/store-deadline';
import { ProblemError } from '../problems/errors';
import { inParallel } from './batch-store';

/** SendMessageBatch takes at most 10 entries (scale-facts §1.2). */
const ENTRIES_PER_SEND = 10;
/** Sends in flight at once while enqueuing a batch. */
const SENDS_AT_ONCE = 8;
/** Entries SQS refused (`Failed`) are sent again this many times before they are reported. */
const RESENDS = 3;

/** An entry of the queue to send: its body, and who it is for the caller (the item's index). */
export interface Outgoing {
  readonly index: number;
  readonly body: string;
}

/** Entries that could not be queued after every resend, with SQS's code. */
export interface NotQueued {
  readonly index: number;
  readonly code: string;
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

  /**
   * Sends every entry, ten to a SendMessageBatch. SQS answers 200 with the entries it refused in
   * `Failed`: those are sent again, up to RESENDS times; what is still refused, or whose send failed
   * whole, is returned so the caller can account for each entry.
   */
  async send(entries: readonly Outgoing[], deadline: number): Promise<NotQueued[]> {
    const { sdk, client } = await this.#load();
    const queueUrl = this.url();
    const notQueued: NotQueued[] = [];
    const chunks: Outgoing[][] = [];
    for (let i = 0; i < entries.length; i += ENTRIES_PER_SEND) chunks.push(entries.slice(i, i + ENTRIES_PER_SEND));
    await inParallel(chunks, SENDS_AT_ONCE, async (chunk) => {
      let pending = chunk;
      let lastCode = 'unknown';
      for (let attempt = 0; attempt <= RESENDS && pending.length > 0; attempt += 1) {
        try {
          const answer = await withStoreDeadline(deadline, () =>
            client.send(new sdk.SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((entry) => ({ Id: String(entry.index), MessageBody: entry.body })) })),
          );
          const failed = new Map((answer.Failed ?? []).map((entry) => [entry.Id, entry.Code ?? 'unknown']));
          // A sender fault (a malformed entry) fails the same way again: reported at once.
          const senderFaults = new Set((answer.Failed ?? []).filter((entry) => entry.SenderFault).map((entry) => entry.Id));
          for (const entry of pending) if (senderFaults.has(String(entry.index))) notQueued.push({ index: entry.index, code: failed.get(String(entry.index))! });
          pending = pending.filter((entry) => failed.has(String(entry.index)) && !senderFaults.has(String(entry.index)));
          lastCode = [...failed.values()][0] ?? lastCode;
        } catch (error) {
          lastCode = error instanceof Error ? error.name : 'unknown';
        }
      }
      for (const entry of pending) notQueued.push({ index: entry.index, code: lastCode });
    });
    return notQueued;
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
