import { applyEvent } from './call-record';
import type { CallStore } from './call-store';
import type { DropReason } from './detail-event';
import { parseDetailEvent } from './detail-event';
import { outcomeChangeOf, publishOutcomeChange, reportOutcomeChange } from './outcome-change';
import type { OutcomeEvents } from './outcome-events';

/** What became of one delivered event. */
export type CallEventResult =
  | { readonly result: 'applied'; readonly conversationId: string; readonly changed: boolean }
  /** A duplicate, or older than what the record already knows: nothing to write. */
  | { readonly result: 'unchanged'; readonly conversationId: string }
  /** A conversation this service did not place: one read, no write, no Genesys call. */
  | { readonly result: 'foreign' }
  | { readonly result: 'dropped'; readonly reason: DropReason };

export interface CallEventDeps {
  readonly store: CallStore;
  /** Where each outcome change is put as a `Call outcome` event; none when they are off. */
  readonly events?: OutcomeEvents;
}

/**
 * Writes that met another writer in between are tried again on a fresh read. Events of one call
 * come a few at a time; more conflicts than this means something else is wrong, and the throw lets
 * Lambda's bounded retries (then the DLQ) take over.
 */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * One Genesys detail event → the call's record. A garbled event or one for a topic the service does
 * not use is dropped (returned, never thrown: the same event would fail the same way on every retry).
 * Only a store that fails, or a `Call outcome` event EventBridge did not take, throws, so that
 * EventBridge's and Lambda's bounded retries apply: the event is put before the write that makes the
 * change visible, so a retry sees the same change and puts it again (at least once).
 */
export async function handleCallEvent(envelope: unknown, deps: CallEventDeps, deadline: number): Promise<CallEventResult> {
  const parsed = parseDetailEvent(envelope);
  if (!parsed.ok) return { result: 'dropped', reason: parsed.reason };
  const { event } = parsed;

  for (let attempt = 1; ; attempt += 1) {
    const record = await deps.store.get(event.conversationId, deadline);
    if (record === undefined) return { result: 'foreign' };
    const next = applyEvent(record, event);
    if (next === record) return { result: 'unchanged', conversationId: event.conversationId };
    const change = outcomeChangeOf(record, next);
    if (change) await publishOutcomeChange(deps.events, change, deadline);
    if (await deps.store.replace({ ...next, version: record.version + 1 }, deadline)) {
      if (change) reportOutcomeChange(change);
      return { result: 'applied', conversationId: event.conversationId, changed: change !== undefined };
    }
    if (attempt >= MAX_WRITE_ATTEMPTS) throw new Error(`The record of a call changed under ${MAX_WRITE_ATTEMPTS} writes in a row.`);
  }
}
