/**
 * What became of one call of a batch, as stored. `queued` until the dialer settles it, then one of
 * the others; `scheduled` while its EventBridge Scheduler schedule waits for its time (a call for
 * later, lib/later/); `deferred` while it waits, back in the queue or on a schedule, for the callee's
 * calling hours.
 */
export const STORED_STATUSES = ['queued', 'scheduled', 'deferred', 'placed', 'failed', 'mayHaveBeenPlaced', 'deadLettered', 'cancelled', 'dryRun'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

/**
 * What the API says of an item: its stored status, or `notQueued` for a `queued` (or `scheduled`)
 * item of a batch whose acceptance did not finish and whose message (or schedule) SQS (or
 * Scheduler) was not seen to take (batch-progress.ts). Never stored: an item is written before its
 * message is sent, so that the dialer always finds it, and the send is confirmed apart.
 */
export const ITEM_STATUSES = [...STORED_STATUSES, 'notQueued'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/**
 * Which status an item may move to from which: a settled item is never unsettled, except that a
 * dead-lettered one sent back from the dead-letter queue may still be dialled, and a call that
 * "may have been placed" (a duplicate delivery saw it in progress) becomes `placed` when the
 * delivery that placed it says so.
 */
export const SETTLES_FROM: Readonly<Record<Exclude<StoredStatus, 'queued' | 'scheduled' | 'dryRun'>, readonly StoredStatus[]>> = {
  placed: ['queued', 'scheduled', 'deferred', 'deadLettered', 'mayHaveBeenPlaced'],
  failed: ['queued', 'scheduled', 'deferred', 'deadLettered'],
  mayHaveBeenPlaced: ['queued', 'scheduled', 'deferred', 'deadLettered'],
  cancelled: ['queued', 'scheduled', 'deferred', 'deadLettered'],
  deadLettered: ['queued', 'scheduled', 'deferred'],
  // Waiting for calling hours is not settling: the item may wait again, then be dialled (also after
  // a redrive from the dead-letter queue).
  deferred: ['queued', 'scheduled', 'deferred', 'deadLettered'],
};

/** The statuses of an item the dialer has still to reach. */
export const WAITING: readonly ItemStatus[] = ['queued', 'scheduled', 'deferred'];

/** The statuses an item is written in when its message (or schedule) is to be sent. */
export const SENT_AS: readonly StoredStatus[] = ['queued', 'scheduled'];

export type SettledStatus = keyof typeof SETTLES_FROM;

/** One call of a batch as stored and as `GET /batches/{id}/calls` shows it: never a full number. */
export interface BatchItem {
  readonly index: number;
  readonly status: StoredStatus;
  /** Masked (`+*******0100`); absent when the item was not a valid number. */
  readonly to?: string;
  readonly toCountry?: string;
  readonly conversationId?: string;
  /** The problem code of a failed, dead-lettered or may-have-been-placed item. */
  readonly code?: string;
  readonly detail?: string;
  readonly field?: string;
  /** Epoch ms when it was settled. */
  readonly settledAt?: number;
  /** Epoch ms it waits for: its schedule's time (`scheduled`), or the callee's next calling hour (`deferred`). */
  readonly at?: number;
  /**
   * Epoch ms: the end of the invocation trying its message's last receive (dial-one.ts). An item
   * still `queued` (or `scheduled`) after it was not settled by that try, whose function died: SQS
   * moves the message to the dead-letter queue, and the API counts the item `deadLettered`.
   */
  readonly deadLetterAt?: number;
}

/** The batch itself. Its counts are its items' (batch-counts.ts), so they always add up to `total`. */
export interface BatchRecord {
  readonly batchId: string;
  /** The IAM principal that created it: the only one it is shown to. */
  readonly owner: string;
  readonly total: number;
  readonly createdAt: number;
  readonly label?: string;
  readonly dryRun: boolean;
  readonly cancelledAt?: number;
  /** Epoch ms the dialer took a call for later (kind `call`), before dialling it: a cancel then comes too late. */
  readonly dialledAt?: number;
  /** `call`: one call for later made by `POST /calls` with `at` (its callId is the batch id), not a batch. */
  readonly kind?: 'call';
  /**
   * `accepting` from the batch's first write until every message (or schedule) was sent and each
   * refusal settled (accept-batch.ts); absent once accepted, and on records written whole.
   */
  readonly state?: 'accepting';
  /** Calls accepted for dialling (queued, or scheduled for `at`), once accepted: what the 202 said. */
  readonly queued?: number;
  /** DynamoDB TTL (epoch seconds). */
  readonly expiration: number;
}
