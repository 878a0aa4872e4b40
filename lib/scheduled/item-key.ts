import { ProblemError } from '../problems/errors';
import { IDEMPOTENCY_KEY } from '../idempotency/run-once';
import { derivedUuid } from '../queue/create-batch-api';
import type { ScheduleSource } from './schedule-event';

/** The optional field of a schedule item that names its idempotency key. */
export const ITEM_KEY_FIELD = 'idempotencyKey';

/**
 * The id of the batch a schedule's list becomes: the same on every delivery of one event, so that a
 * duplicate delivery (EventBridge delivers at least once) or Lambda's retry finds the batch already
 * there and adds nothing (lib/queue/accept-batch.ts resumes or answers it).
 * 1. the event's id (and time): from the EventBridge envelope, or from a rule's input transformer
 *    (serverless.yml);
 * 2. a constant input, which carries no id: the Lambda request id. Lambda keeps it across its own
 *    retries of an asynchronous invocation; a duplicate delivery by EventBridge gets a new one, and
 *    queues the list again: see `DUPLICATE_DELIVERY_RISK`.
 */
export function scheduleBatchId(source: ScheduleSource, requestId: string): { batchId: string; fromEvent: boolean } {
  if (source.kind !== 'constant_input' && source.eventId) {
    return { batchId: derivedUuid(`schedule\u0000event:${source.eventId}:${source.time ?? ''}`), fromEvent: true };
  }
  return { batchId: derivedUuid(`schedule\u0000invocation:${requestId}`), fromEvent: false };
}

/** A schedule's items as `POST /calls` bodies, with the keys some of them named, and the items whose key is malformed. */
export interface ItemKeys {
  /** The items without their `idempotencyKey` field (what the dial message carries). */
  readonly calls: readonly unknown[];
  /** By index: the item's own key. */
  readonly keys: ReadonlyMap<number, string>;
  readonly malformed: ReadonlyArray<{ index: number; problem: ProblemError }>;
}

/**
 * Takes each item's optional `idempotencyKey` out of it: a key the caller wrote is stable across
 * deliveries, re-sends and days (the same key is one call for as long as the dialer keeps its record),
 * where the batch's own item key (`batch:<batchId>:<index>`) is stable across deliveries of one event.
 * A key that is not 1 to 255 visible ASCII characters makes its item `400 invalid_request`.
 */
export function readItemKeys(items: readonly unknown[]): ItemKeys {
  const keys = new Map<number, string>();
  const malformed: Array<ItemKeys['malformed'][number]> = [];
  const calls = items.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item) || !(ITEM_KEY_FIELD in item)) return item;
    const { [ITEM_KEY_FIELD]: explicit, ...call } = item as Record<string, unknown>;
    if (typeof explicit === 'string' && IDEMPOTENCY_KEY.test(explicit)) keys.set(index, explicit);
    else {
      malformed.push({
        index,
        problem: new ProblemError('invalid_request', { detail: `${ITEM_KEY_FIELD} must be 1 to 255 visible ASCII characters (a UUID is a good choice).`, field: ITEM_KEY_FIELD }),
      });
    }
    return call;
  });
  return { calls, keys, malformed };
}

/**
 * Logged once per invocation whose batch id comes from the Lambda request id (rule 2 of
 * `scheduleBatchId`) and whose items are not all keyed by the caller: the list is still queued, but a
 * duplicate delivery would queue those items again, and the dialer would call them again.
 */
export const DUPLICATE_DELIVERY_RISK =
  "This schedule's input carries no event id, so its batch is named by the Lambda request id: " +
  'EventBridge delivers at least once, and a duplicate delivery would queue its items without an idempotencyKey again, and call them again. ' +
  "Give the rule an input transformer that passes the event's id and time (see docs/scheduled-calls.md), or give each item an idempotencyKey.";
