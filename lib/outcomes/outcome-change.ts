import { logger } from '../telemetry/logger';
import { metrics } from '../telemetry/metrics';
import type { CallRecord } from './call-record';
import type { CallOutcome } from './outcome';
import { outcomeChanged, outcomeOf } from './outcome';
import type { OutcomeEvents } from './outcome-events';

/** A change of a call's outcome (its status, answer, disconnect type or reason, or talk time). */
export interface OutcomeChange {
  readonly before: CallOutcome;
  readonly after: CallOutcome;
}

/** The change writing `after` over `before` would make, if any (dates alone are not one). */
export function outcomeChangeOf(before: CallRecord, after: CallRecord): OutcomeChange | undefined {
  const change = { before: outcomeOf(before), after: outcomeOf(after) };
  return outcomeChanged(change.before, change.after) ? change : undefined;
}

/**
 * Before the write that makes `change` visible: its `Call outcome` event, when they are on. Put
 * first so that a change is never stored without its event (docs/outcomes.md, "Call outcome
 * events"): if the put fails, nothing is written and the change is seen again, and put again, by
 * the next delivery or read. Throws when EventBridge did not take the event.
 */
export async function publishOutcomeChange(events: OutcomeEvents | undefined, change: OutcomeChange, deadline: number): Promise<void> {
  await events?.put(change.before, change.after, deadline);
}

/**
 * After the write that made `change` visible, whether an event or a Genesys lookup taught it: one
 * log line, and the CallOutcomes metric when the call ended. The one place a stored change is seen.
 */
export function reportOutcomeChange({ before, after }: OutcomeChange): void {
  logger.info('call outcome changed', {
    conversationId: after.conversationId,
    status: after.status,
    previousStatus: before.status,
    answered: after.answered,
    ...(after.disconnectType === undefined ? {} : { disconnectType: after.disconnectType }),
    source: after.source,
  });
  if (before.status !== 'ended' && after.status === 'ended') metrics.addByCode('CallOutcomes', after.answered === null ? 'unknown' : after.answered ? 'answered' : 'unanswered');
}
