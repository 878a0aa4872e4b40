import { ProblemError } from '../problems/errors';
import { IDEMPOTENCY_KEY } from '../idempotency/run-once';
import type { ScheduleSource } from './schedule-event';

/**
 * The principal of everything a schedule does: its items' idempotency keys are scoped to it, and the
 * calls it places are recorded as placed by it (so `GET /calls/{id}` answers them only when reads are
 * open to the account: no API caller placed them).
 */
export const SCHEDULE_PRINCIPAL = 'schedule';

/** The optional field of a schedule item that names its idempotency key. */
export const ITEM_KEY_FIELD = 'idempotencyKey';

/** What an item's key was made from, by the rules of `itemKey`. */
export const KEY_BASIS = {
  item: 'item',
  event: 'event',
  invocation: 'invocation',
} as const;

export type KeyBasis = (typeof KEY_BASIS)[keyof typeof KEY_BASIS];

export interface ItemKey {
  readonly key: string;
  readonly basis: KeyBasis;
}

/**
 * The key that makes a schedule item idempotent, by the first rule that applies:
 * 1. the item's own `idempotencyKey`: the caller's, stable across redeliveries, re-sends and days;
 * 2. the event's id and time, with the item's index: from the EventBridge envelope, or from a
 *    rule's input transformer (serverless.yml). The same on a duplicate delivery of the event and
 *    on Lambda's retries of the invocation;
 * 3. a constant input (which carries no id): the Lambda request id, with the index. Lambda keeps the
 *    request id across its own retries of an asynchronous invocation; a duplicate delivery by
 *    EventBridge (which delivers at least once) gets a new one, and dials again: see
 *    `DUPLICATE_DELIVERY_RISK`.
 * Throws `400 invalid_request` for an explicit key that is not 1–255 visible ASCII characters.
 */
export function itemKey(item: unknown, index: number, source: ScheduleSource, requestId: string): ItemKey {
  const explicit = (item as Record<string, unknown> | null)?.[ITEM_KEY_FIELD];
  if (explicit !== undefined) {
    if (typeof explicit !== 'string' || !IDEMPOTENCY_KEY.test(explicit)) {
      throw new ProblemError('invalid_request', {
        detail: `${ITEM_KEY_FIELD} must be 1 to 255 visible ASCII characters (a UUID is a good choice).`,
        field: ITEM_KEY_FIELD,
      });
    }
    return { key: `item:${explicit}`, basis: KEY_BASIS.item };
  }
  if (source.kind !== 'constant_input' && source.eventId) {
    return { key: `event:${source.eventId}:${source.time ?? ''}:${index}`, basis: KEY_BASIS.event };
  }
  return { key: `invocation:${requestId}:${index}`, basis: KEY_BASIS.invocation };
}

/**
 * Logged once per invocation whose items are keyed by rule 3: the schedule still runs, but a
 * duplicate delivery would call those items again.
 */
export const DUPLICATE_DELIVERY_RISK =
  "This schedule's input carries no event id, so its items without an idempotencyKey are keyed by the Lambda request id: " +
  'EventBridge delivers at least once, and a duplicate delivery would have them called again. ' +
  "Give the rule an input transformer that passes the event's id and time (see docs/scheduled-calls.md), or give each item an idempotencyKey.";
