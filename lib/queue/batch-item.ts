/**
 * What became of one call of a batch. `queued` until the dialer settles it, then one of the others;
 * `scheduled` while its EventBridge Scheduler schedule waits for its time (a call for later, lib/later/);
 * `deferred` while it waits, back in the queue or on a schedule, for the callee's calling hours.
 */
export const ITEM_STATUSES = ['queued', 'scheduled', 'deferred', 'placed', 'failed', 'mayHaveBeenPlaced', 'deadLettered', 'cancelled', 'dryRun'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/**
 * Which status an item may move to from which: a settled item is never unsettled, except that a
 * dead-lettered one sent back from the dead-letter queue may still be dialled, and a call that
 * "may have been placed" (a duplicate delivery saw it in progress) becomes `placed` when the
 * delivery that placed it says so.
 */
export const SETTLES_FROM: Readonly<Record<Exclude<ItemStatus, 'queued' | 'scheduled' | 'dryRun'>, readonly ItemStatus[]>> = {
  placed: ['queued', 'scheduled', 'deferred', 'deadLettered', 'mayHaveBeenPlaced'],
  failed: ['queued', 'scheduled', 'deferred', 'deadLettered'],
  mayHaveBeenPlaced: ['queued', 'scheduled', 'deferred', 'deadLettered'],
  cancelled: ['queued', 'scheduled', 'deferred', 'deadLettered'],
  deadLettered: ['queued', 'scheduled', 'deferred'],
  // Waiting for calling hours is not settling: the item may wait again, then be dialled.
  deferred: ['queued', 'scheduled', 'deferred'],
};

/** The statuses of an item the dialer has still to reach. */
export const WAITING: readonly ItemStatus[] = ['queued', 'scheduled', 'deferred'];

export type SettledStatus = keyof typeof SETTLES_FROM;

/** One call of a batch as stored and as `GET /batches/{id}/calls` shows it: never a full number. */
export interface BatchItem {
  readonly index: number;
  readonly status: ItemStatus;
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
  /** DynamoDB TTL (epoch seconds). */
  readonly expiration: number;
}
