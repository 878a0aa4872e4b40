import { logger } from '../logger';
import { metrics } from '../metrics';
import type { CallOutcome } from './outcome';

/**
 * The one place where a call's outcome is seen to change (its status, answer, disconnect type or
 * reason, or talk time), whether an event or a Genesys lookup taught it: one log line, and the
 * CallOutcomes metric when the call ended. Whatever else should react to a change (a `Call outcome`
 * event on the default bus, say) belongs here.
 */
export function reportOutcomeChange(before: CallOutcome, after: CallOutcome): void {
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
