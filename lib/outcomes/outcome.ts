import type { CallRecord, CallStatus, DisconnectReasons, LegFacts } from './call-record';
import { CALL_STATUSES } from './call-record';
import type { DisconnectType } from './disconnect-types';

/** What `GET /calls/{conversationId}` answers and a `Call outcome` event carries. */
export interface CallOutcome {
  readonly conversationId: string;
  readonly status: CallStatus;
  /** `null` while nobody can tell yet. */
  readonly answered: boolean | null;
  readonly disconnectType?: DisconnectType;
  readonly disconnectReason?: DisconnectReasons;
  readonly placedAt: string;
  readonly connectedAt?: string;
  readonly endedAt?: string;
  readonly talkSeconds?: number;
  readonly to: string;
  readonly toCountry?: string;
  readonly userId?: string;
  readonly label?: string;
  /** Where the status came from: Genesys's events, or asking Genesys. Absent while only placed. */
  readonly source?: 'events' | 'genesys';
}

const rank = (status: CallStatus) => CALL_STATUSES.indexOf(status);

/**
 * The outcome the facts support. The rules (INFERRED, doctor-outcomes §B3 "outcome heuristics"):
 * an end of either leg ends the call; `customer.start` means the dialled party is on the call; the
 * agent's `user.start` means it is ringing. An ended call was answered when an end reports talk
 * time (`interactingDurationMs > 0`) or Genesys reports a `connectedTime`, and not otherwise. The dialled party's leg is preferred for the disconnect type, dates and talk time.
 */
export function outcomeOf(record: CallRecord): CallOutcome {
  const { customer = {}, user = {} } = record.legs ?? {};
  const snapshot = record.genesys;
  const eventsStatus = statusOf(customer, user);
  const fromEvents = eventsStatus !== 'placed' && (!snapshot || rank(eventsStatus) >= rank(snapshot.status));
  const status = fromEvents || !snapshot ? eventsStatus : snapshot.status;

  const end = customer.endedAt !== undefined ? customer : user.endedAt !== undefined ? user : undefined;
  const interactingMs = Math.max(customer.interactingMs ?? 0, user.interactingMs ?? 0);
  const talkReported = customer.interactingMs !== undefined || user.interactingMs !== undefined;
  const seenConnected = customer.startedAt ?? snapshot?.connectedAt;
  // Once the call ended, the talk time an end reports decides: a start alone may have come at dial.
  const answered =
    status === 'ended' ? (talkReported ? interactingMs > 0 || snapshot?.connectedAt !== undefined : seenConnected !== undefined)
    : status === 'connected' ? true
    : null;
  const endedAt = end?.endedAt ?? snapshot?.endedAt;
  const connectedAt = !answered
    ? undefined
    : (seenConnected ?? (end?.endedAt !== undefined && interactingMs > 0 ? end.endedAt - interactingMs : undefined));
  const talkMs =
    status !== 'ended' ? undefined
    : !answered ? 0
    : interactingMs > 0 ? interactingMs
    : connectedAt !== undefined && endedAt !== undefined ? endedAt - connectedAt
    : 0;
  const disconnectType = end?.disconnectType ?? snapshot?.disconnectType;

  return {
    conversationId: record.conversationId,
    status,
    answered,
    ...(disconnectType === undefined ? {} : { disconnectType }),
    ...(snapshot?.disconnectReason === undefined ? {} : { disconnectReason: snapshot.disconnectReason }),
    placedAt: iso(record.placedAt),
    ...(connectedAt === undefined ? {} : { connectedAt: iso(connectedAt) }),
    ...(endedAt === undefined ? {} : { endedAt: iso(endedAt) }),
    ...(talkMs === undefined ? {} : { talkSeconds: Math.round(Math.max(0, talkMs) / 1000) }),
    to: record.to,
    ...(record.toCountry === undefined ? {} : { toCountry: record.toCountry }),
    ...(record.userId === undefined ? {} : { userId: record.userId }),
    ...(record.label === undefined ? {} : { label: record.label }),
    ...(status === 'placed' ? {} : { source: fromEvents ? 'events' : 'genesys' }),
  };
}

function statusOf(customer: LegFacts, user: LegFacts): CallStatus {
  if (customer.endedAt !== undefined || user.endedAt !== undefined) return 'ended';
  if (customer.startedAt !== undefined) return 'connected';
  if (user.startedAt !== undefined) return 'ringing';
  return 'placed';
}

/**
 * Whether the record still lacks what a caller wants to know: the call has not ended, or it ended
 * unanswered without a reason and Genesys was not asked since it ended.
 */
export function isSettled(record: CallRecord): boolean {
  const outcome = outcomeOf(record);
  if (outcome.status !== 'ended') return false;
  return outcome.answered === true || outcome.disconnectReason !== undefined || record.genesys?.status === 'ended';
}

/** The parts of an outcome whose change is reported (event, log line); dates alone are not a change. */
export function outcomeKey(outcome: CallOutcome): string {
  return JSON.stringify([outcome.status, outcome.answered, outcome.disconnectType, outcome.disconnectReason, outcome.talkSeconds]);
}

export function outcomeChanged(before: CallOutcome, after: CallOutcome): boolean {
  return outcomeKey(before) !== outcomeKey(after);
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
