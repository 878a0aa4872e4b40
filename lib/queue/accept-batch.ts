import { ProblemError } from '../problems/errors';
import type { BatchItem, BatchRecord } from './batch-item';
import { SENT_AS } from './batch-item';
import type { BatchStore } from './batch-store';
import { inParallel } from './batch-store';
import type { NotQueued, Outgoing, Sender } from './dial-queue';
import { awsCode } from './store-problem';

/** A batch to accept: its record, every item as it is first written, and the messages to send. */
export interface BatchToAccept {
  readonly record: BatchRecord;
  /** Every item, `queued` (or `scheduled`) for those with a message, else `failed` or `dryRun`. */
  readonly items: readonly BatchItem[];
  /** One message per `queued` (or `scheduled`) item. */
  readonly outgoing: readonly Outgoing[];
}

/** An item not accepted for dialling, as the 202 (or a schedule's result) lists it. */
export interface FailedItem {
  readonly index: number;
  readonly code: string;
  readonly detail: string;
  readonly field?: string;
}

/** A batch whose every item is accounted for: `queued + failed + dryRun = total`. */
export interface Accepted {
  readonly batchId: string;
  readonly total: number;
  /** Accepted for dialling: on the queue (or scheduled, for `at`). */
  readonly queued: number;
  readonly dryRun: number;
  /** By index: invalid items, and those the queue refused for their own fault. */
  readonly failed: readonly FailedItem[];
  /** Accepted by an earlier request (a retry, a duplicate delivery): nothing was sent now. */
  readonly earlier: boolean;
}

/** Why a batch's acceptance stopped before every message was sent. */
export type StoppedBy = 'queue' | 'store' | 'time';

/**
 * The acceptance stopped with some messages not known to be sent: the dial queue (or Scheduler)
 * failed, the batches table did, or the invocation's time ran short. What was sent will be dialled;
 * the batch says which items are not queued (`notQueued`, batch-progress.ts), and accepting the same
 * batch again (the same id: the same Idempotency-Key and body, the same event) sends only those.
 */
export class BatchIncomplete extends Error {
  override readonly name = 'BatchIncomplete';

  constructor(
    readonly stoppedBy: StoppedBy,
    /** The problem code of the dependency that stopped it. */
    readonly code: 'batches_unavailable' | Sender['refusedAs'],
    /** SQS's (or the SDK's, or the store's) code for what failed. */
    readonly reason: string,
    readonly batchId: string,
    readonly total: number,
    /** Items on the queue (or scheduled), as far as is known. */
    readonly queued: number,
    /** Items that should be and are not known to be. */
    readonly notQueued: number,
    cause?: unknown,
  ) {
    super(`batch ${batchId}: ${notQueued} of ${total} calls not queued (${stoppedBy}: ${reason})`, { cause });
  }
}

/** Kept back from the deadline for what follows the last send: the confirmations, the refusals, the record, the answer. */
export const ACCEPT_RESERVE_MS = 3000;
/** Confirmations (sent chunks) written together in one BatchWriteItem. */
const CONFIRM_EVERY = 25;

/**
 * Accepts a batch: its record (`accepting`), its items, then one message per item to dial, sent in
 * chunks with bounded concurrency, each send bounded by the deadline less ACCEPT_RESERVE_MS. Items
 * are written before their messages are sent, so that the dialer always finds the item it settles;
 * a message is known sent only once its chunk's confirmation row is written (BatchStore.confirm), and
 * until the batch is accepted the API shows an unconfirmed item as `notQueued`, never `queued`.
 * Once every message is sent and each refusal settled, the record is marked accepted.
 *
 * The same batch accepted again (a record under its id already: a retry, a duplicate delivery)
 * answers what it was accepted as when it was; or, if it never was, resumes it: writes the items
 * that are missing, and sends only the messages not confirmed and not since settled by the dialer.
 * A message whose chunk was taken by SQS but not yet confirmed when the acceptance died may so be
 * sent twice: its idempotency key still makes it one call.
 *
 * Throws `BatchIncomplete` when not every message could be sent, and a store error when the record
 * itself could not be written (nothing was).
 */
export async function acceptBatch(batch: BatchToAccept, store: BatchStore, sender: Sender, deadline: number): Promise<Accepted> {
  const { record, items, outgoing } = batch;
  const { batchId, total, expiration } = record;
  const kept = await store.begin(record, deadline);
  if (kept && (kept.owner !== record.owner || kept.total !== record.total || kept.kind !== undefined)) {
    // Ids are derived (create-batch-api.ts, scheduled/): only the same request comes back to the same id.
    throw new ProblemError('idempotency_key_reused', { detail: `Another batch (${total} calls) already has this id; nothing was queued.` });
  }
  if (kept && kept.state === undefined) return acceptedEarlier(kept, store, deadline);

  const failed: FailedItem[] = items.filter((item) => item.status === 'failed').map(failedItem);
  const dryRun = items.filter((item) => item.status === 'dryRun').length;
  const refusedEarlier = new Set<number>();
  let toSend = outgoing;
  let sentBefore = 0;
  try {
    if (kept) {
      // A resumed acceptance: what the last one wrote, confirmed, or the dialer settled since stands.
      const [stored, confirmed] = await Promise.all([store.statuses(batchId, deadline), store.confirmed(batchId, deadline)]);
      const status = new Map(stored.map((item) => [item.index, item]));
      for (const { index } of outgoing) {
        const item = status.get(index);
        // A refusal is settled `failed` by the acceptance, without settledAt (the dialer always sets it).
        if (item?.status === 'failed' && item.settledAt === undefined) refusedEarlier.add(index);
      }
      toSend = outgoing.filter(({ index }) => {
        const item = status.get(index);
        if (refusedEarlier.has(index)) return false;
        const sent = confirmed.has(index) || (item !== undefined && !SENT_AS.includes(item.status));
        if (sent) sentBefore += 1;
        return !sent;
      });
      await store.writeItems(batchId, items.filter((item) => !status.has(item.index)), expiration, deadline);
      // A call refused now that was not when the acceptance stopped (its number since suppressed),
      // whose message was not sent: settled as refused now, so that it does not wait for ever.
      const nowRefused = items.filter((item) => item.status === 'failed' && SENT_AS.includes(status.get(item.index)?.status ?? 'failed') && !confirmed.has(item.index));
      await inParallel(nowRefused, 16, async (item) => {
        await store.settle(batchId, item.index, 'failed', { code: item.code, detail: item.detail, field: item.field }, deadline);
      });
      if (refusedEarlier.size > 0) {
        const refusals = await store.items(batchId, { limit: total, statuses: ['failed'], keep: (item) => refusedEarlier.has(item.index) }, deadline);
        failed.push(...refusals.items.map(failedItem));
      }
    } else {
      await store.writeItems(batchId, items, expiration, deadline);
    }
  } catch (error) {
    throw new BatchIncomplete('store', 'batches_unavailable', codeOf(error), batchId, total, sentBefore, outgoing.length - refusedEarlier.size - sentBefore, error);
  }

  const sendBy = deadline - ACCEPT_RESERVE_MS;
  const sent: number[] = [];
  const refused: NotQueued[] = [];
  let stopped: { by: StoppedBy; reason: string; error?: unknown } | undefined;
  const toConfirm: number[][] = [];
  const confirm = async (all: boolean) => {
    while (toConfirm.length >= (all ? 1 : CONFIRM_EVERY)) {
      const group = toConfirm.splice(0, CONFIRM_EVERY);
      try {
        await store.confirm(batchId, group, expiration, deadline);
        for (const indexes of group) sent.push(...indexes);
      } catch (error) {
        // Sent but not known to be: a resumed acceptance sends them again (one call each, by their keys).
        stopped ??= { by: 'store', reason: codeOf(error), error };
      }
    }
  };
  const chunks: Outgoing[][] = [];
  for (let i = 0; i < toSend.length; i += sender.chunkSize) chunks.push(toSend.slice(i, i + sender.chunkSize));
  let unsent = 0;
  await inParallel(chunks, sender.chunksAtOnce, async (chunk) => {
    if (!stopped && Date.now() >= sendBy) stopped = { by: 'time', reason: 'deadline' };
    // After a failure the rest is not tried: the queue (or store) is failing, and the answer should come soon.
    if (stopped) {
      unsent += chunk.length;
      return;
    }
    const result = await sender.send(chunk, sendBy);
    refused.push(...result.refused);
    unsent += result.unsent.length;
    if (result.unsent.length > 0) stopped ??= { by: Date.now() >= sendBy ? 'time' : 'queue', reason: result.unsent[0].code };
    if (result.sent.length > 0) {
      toConfirm.push([...result.sent]);
      await confirm(false);
    }
  });
  await confirm(true);

  try {
    await inParallel(refused, sender.chunksAtOnce, async ({ index, code }) => {
      const detail = REFUSED_DETAIL[sender.refusedAs](code);
      await store.settle(batchId, index, 'failed', { code: sender.refusedAs, detail }, deadline);
      failed.push({ index, code: sender.refusedAs, detail });
    });
  } catch (error) {
    stopped ??= { by: 'store', reason: codeOf(error), error };
  }
  const accepted = outgoing.length - refusedEarlier.size - refused.length;
  if (!stopped) {
    try {
      await store.accept(batchId, accepted, deadline);
    } catch (error) {
      stopped = { by: 'store', reason: codeOf(error), error };
    }
  }
  if (stopped) {
    const queued = sentBefore + sent.length;
    throw new BatchIncomplete(stopped.by, stopped.by === 'store' ? 'batches_unavailable' : sender.refusedAs, stopped.reason, batchId, total, queued, accepted - queued, stopped.error);
  }
  failed.sort((a, b) => a.index - b.index);
  return { batchId, total, queued: accepted, dryRun, failed, earlier: false };
}

/** What a batch accepted earlier was accepted as: its counts, and the items that failed then. */
async function acceptedEarlier(kept: BatchRecord, store: BatchStore, deadline: number): Promise<Accepted> {
  const { items } = await store.items(kept.batchId, { limit: kept.total, statuses: ['failed', 'dryRun'] }, deadline);
  // Failed at acceptance: the dialer's failures carry the time it settled them.
  const failed = items.filter((item) => item.status === 'failed' && item.settledAt === undefined).map(failedItem);
  const dryRun = items.filter((item) => item.status === 'dryRun').length;
  return { batchId: kept.batchId, total: kept.total, queued: kept.queued ?? kept.total - failed.length - dryRun, dryRun, failed, earlier: true };
}

const REFUSED_DETAIL: Record<Sender['refusedAs'], (code: string) => string> = {
  queue_unavailable: (code) => `SQS refused this call's message (${code}); it was not queued. Send it again in a new batch.`,
  schedules_unavailable: (code) => `EventBridge Scheduler refused this call's schedule (${code}); it was not scheduled. Send it again in a new batch.`,
};

function failedItem({ index, code, detail, field }: BatchItem): FailedItem {
  return { index, code: code ?? 'internal_error', detail: detail ?? '', ...(field === undefined ? {} : { field }) };
}

function codeOf(error: unknown): string {
  return error instanceof ProblemError ? error.code : awsCode(error);
}
