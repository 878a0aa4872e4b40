import { ProblemError } from '../errors';
import { IDEMPOTENCY_KEY } from '../idempotency/run-once';
import type { ScheduleSource } from './schedule-event';

/** The optional field of a schedule item that names its idempotency key. */
export const ITEM_KEY_FIELD = 'idempotencyKey';


export interface ItemKey {
  readonly key: string;
  /** Given on the item (true), or derived from the delivery (false). */
  readonly explicit: boolean;
}

/**
 * The key that makes a schedule item idempotent, by the first rule that applies:
 * 1. the item's own `idempotencyKey`: the caller's, stable across redeliveries, re-sends and days;
 * 2. the EventBridge envelope's id and time, with the item's index: the same on a redelivery of the
 *    event and on Lambda's retries of the invocation;
 * 3. a constant input (which carries no id): the Lambda request id, with the index. Lambda keeps the
 *    request id across its own retries of an asynchronous invocation; a duplicate delivery by
 *    EventBridge gets a new one, which only rule 1 covers.
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
    return { key: `item:${explicit}`, explicit: true };
  }
  if (source.kind === 'event' && source.eventId) {
    return { key: `event:${source.eventId}:${source.time ?? ''}:${index}`, explicit: false };
  }
  return { key: `invocation:${requestId}:${index}`, explicit: false };
}
