import { createHash } from 'node:crypto';
import type { CallStatus } from './call-record';
import type { CallOutcome } from './outcome';
import { outcomeKey } from './outcome';

/** The `source` and `detail-type` of the events on the default bus: what a user's rule matches. */
export const OUTCOME_EVENT = { source: 'genesys-outbound-call', detailType: 'Call outcome' } as const;

/** The `detail` of a `Call outcome` event: the outcome `GET /calls/{id}` answers, and where it came from. */
export interface OutcomeEventDetail extends CallOutcome {
  /**
   * The same for every event reporting this outcome of this call, however often it is put (events
   * are delivered at least once): what a consumer dedupes on.
   */
  readonly outcomeId: string;
  readonly previousStatus: CallStatus;
}

/**
 * The detail of the event reporting the change `before` → `after`. Built from the outcome alone,
 * which holds the number and label only masked, as the record does (record-placed-call.ts).
 */
export function outcomeEventDetail(before: CallOutcome, after: CallOutcome): OutcomeEventDetail {
  const { conversationId, status, ...rest } = after;
  return { outcomeId: outcomeId(after), conversationId, status, previousStatus: before.status, ...rest };
}

/**
 * A digest of the call and of the parts of its outcome whose change is reported (outcomeKey), not
 * of the previous status: a change put again after a write conflict, from another starting point,
 * reports the same outcome and carries the same id.
 */
function outcomeId(outcome: CallOutcome): string {
  return createHash('sha256').update(`${outcome.conversationId}\n${outcomeKey(outcome)}`).digest('hex').slice(0, 32);
}
