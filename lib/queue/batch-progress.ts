import type { BatchRecord, ItemStatus } from './batch-item';
import { ITEM_STATUSES, WAITING } from './batch-item';

export type BatchStatus = 'queued' | 'dialling' | 'done' | 'cancelled';

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
 * The batch's progress from its items' statuses: each item has exactly one, so the counts add up to
 * the total however the dialers' writes interleave. Items of a cancelled batch still `queued` are
 * those the dialer has not reached yet: it settles them `cancelled` without dialling.
 */
export function progressOf(batch: BatchRecord, items: ReadonlyArray<{ status: ItemStatus; settledAt?: number }>, now = Date.now()): BatchProgress {
  const counts = Object.fromEntries(ITEM_STATUSES.map((status) => [status, 0])) as Counts;
  let first = Infinity;
  let last = -Infinity;
  let dialled = 0;
  for (const item of items) {
    counts[item.status] += 1;
    if (DIALLED.includes(item.status) && item.settledAt !== undefined) {
      dialled += 1;
      first = Math.min(first, item.settledAt);
      last = Math.max(last, item.settledAt);
    }
  }
  const waiting = WAITING.reduce((sum, waitingStatus) => sum + counts[waitingStatus], 0);
  const finished = waiting === 0;
  const status: BatchStatus = batch.cancelledAt !== undefined ? 'cancelled' : finished ? 'done' : dialled > 0 || waiting < batch.total ? 'dialling' : 'queued';
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
