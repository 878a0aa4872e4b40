import type { BatchRecord, ItemStatus, StoredStatus } from './batch-item';
import { ITEM_STATUSES, SENT_AS, WAITING } from './batch-item';

export type BatchStatus = 'incomplete' | 'queued' | 'dialling' | 'done' | 'cancelled';

export type Counts = Record<ItemStatus, number>;

/** What `GET /batches/{batchId}` answers. */
export interface BatchProgress {
  readonly batchId: string;
  readonly status: BatchStatus;
  readonly label?: string;
  readonly dryRun: boolean;
  readonly total: number;
  /** One count per item status, adding up to `total`. */
  readonly counts: Counts;
  readonly createdAt: string;
  /** When the first call was dialled (or failed or may have been). */
  readonly startedAt?: string;
  /** When the last item was settled, once none is queued. */
  readonly finishedAt?: string;
  readonly cancelledAt?: string;
  /** Calls dialled a minute, from the first to the last (or to now while dialling). */
  readonly callsPerMinute?: number;
}

/** Statuses that mean the dialer reached Genesys (or tried to) for the item. */
const DIALLED: readonly ItemStatus[] = ['placed', 'failed', 'mayHaveBeenPlaced'];

/**
 * An item's status as the API tells it. While a batch is being accepted (its record `accepting`:
 * its POST /batches or schedule is running, or stopped before the end, accept-batch.ts), an item
 * written `queued` (or `scheduled`) whose message was not confirmed sent is `notQueued`: it may not
 * be on the queue, and the API never says queued of an item that may not be. `confirmed` holds the
 * indexes confirmed sent; it is read only for such a batch.
 */
export function viewStatus(batch: BatchRecord, confirmed: ReadonlySet<number> | undefined, item: { index: number; status: StoredStatus; deadLetterAt?: number }, now = Date.now()): ItemStatus {
  if (!SENT_AS.includes(item.status)) return item.status;
  // Its last receive's invocation ended without settling it: the function died, the message goes to the DLQ.
  if (item.deadLetterAt !== undefined && item.deadLetterAt <= now) return 'deadLettered';
  if (batch.state !== 'accepting') return item.status;
  return confirmed?.has(item.index) ? item.status : 'notQueued';
}

/**
 * The batch's progress from its items' statuses: each item has exactly one, so the counts add up to
 * the total however the dialers' writes interleave. Items of a cancelled batch still `queued` are
 * those the dialer has not reached yet: it settles them `cancelled` without dialling. Items of a
 * batch being accepted that are not written yet count as `notQueued`.
 */
export function progressOf(
  batch: BatchRecord,
  items: ReadonlyArray<{ index: number; status: StoredStatus; settledAt?: number; deadLetterAt?: number }>,
  now = Date.now(),
  confirmed?: ReadonlySet<number>,
): BatchProgress {
  const counts = Object.fromEntries(ITEM_STATUSES.map((status) => [status, 0])) as Counts;
  let first = Infinity;
  let last = -Infinity;
  let dialled = 0;
  for (const item of items) {
    const status = viewStatus(batch, confirmed, item, now);
    counts[status] += 1;
    if (DIALLED.includes(status) && item.settledAt !== undefined) {
      dialled += 1;
      first = Math.min(first, item.settledAt);
      last = Math.max(last, item.settledAt);
    }
  }
  if (batch.state === 'accepting') counts.notQueued += Math.max(0, batch.total - items.length);
  const waiting = WAITING.reduce((sum, waitingStatus) => sum + counts[waitingStatus], 0);
  const finished = waiting === 0 && batch.state !== 'accepting';
  const status: BatchStatus =
    batch.cancelledAt !== undefined ? 'cancelled' : batch.state === 'accepting' ? 'incomplete' : finished ? 'done' : dialled > 0 || waiting < batch.total ? 'dialling' : 'queued';
  const end = finished ? last : now;
  const minutes = (end - first) / 60_000;
  return {
    batchId: batch.batchId,
    status,
    ...(batch.label === undefined ? {} : { label: batch.label }),
    dryRun: batch.dryRun,
    total: batch.total,
    counts,
    createdAt: new Date(batch.createdAt).toISOString(),
    ...(dialled > 0 ? { startedAt: new Date(first).toISOString() } : {}),
    ...(finished && dialled > 0 ? { finishedAt: new Date(last).toISOString() } : {}),
    ...(batch.cancelledAt === undefined ? {} : { cancelledAt: new Date(batch.cancelledAt).toISOString() }),
    ...(dialled > 1 && minutes > 0 ? { callsPerMinute: Math.round((dialled / minutes) * 10) / 10 } : {}),
  };
}
