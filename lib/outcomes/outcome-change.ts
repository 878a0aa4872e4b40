import { logger } from '../logger';
import { metrics } from '../metrics';
import type { CallOutcome } from './outcome';

/** Puts a changed outcome somewhere users can react to it (outcome-events.ts: the default EventBridge bus). */
export interface OutcomePublisher {
  publish(outcome: CallOutcome, deadline: number): Promise<void>;
}

/**
 * The one place where a call's outcome is seen to change (its status, answer, disconnect type or
 * reason, or talk time), whether an event or a Genesys lookup taught it: one log line, the
 * CallOutcomes metric when the call ended, and the `Call outcome` event when a publisher is configured. Never throws: the record is already written,
 * and a failed publication must not make EventBridge deliver the Genesys event again.
 */
export async function reportOutcomeChange(before: CallOutcome, after: CallOutcome, publisher: OutcomePublisher | undefined, deadline: number): Promise<void> {
  logger.info('call outcome changed', {
    conversationId: after.conversationId,
    status: after.status,
    previousStatus: before.status,
    answered: after.answered,
    ...(after.disconnectType === undefined ? {} : { disconnectType: after.disconnectType }),
    source: after.source,
  });
  if (before.status !== 'ended' && after.status === 'ended') metrics.addByCode('CallOutcomes', after.answered === null ? 'unknown' : after.answered ? 'answered' : 'unanswered');
  if (publisher === undefined) return;
  try {
    await publisher.publish(after, deadline);
  } catch (error) {
    logger.error('the Call outcome event could not be put on the event bus', {
      conversationId: after.conversationId,
      cause: error instanceof Error ? error.name : 'unknown',
    });
  }
}
