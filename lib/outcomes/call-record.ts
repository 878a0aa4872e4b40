import type { DisconnectType } from './disconnect-types';

/**
 * A call this service placed, as stored in CALLS_TABLE (key `conversationId`). It keeps the facts
 * learnt about the call, not a status: the outcome is derived from them (outcome.ts), so facts can
 * arrive in any order, any number of times, and always give the same answer.
 *
 * Nothing recoverable about the number: `to` is masked (last 4 digits), as in every answer; no hash
 * of the full number (a hash of a 10-digit number is reversed by trying them all).
 */
export interface CallRecord {
  readonly conversationId: string;
  /** Epoch ms when Genesys accepted the call. */
  readonly placedAt: number;
  /** Masked, e.g. `+*******0100`. */
  readonly to: string;
  readonly toCountry?: string;
  readonly userId?: string;
  /**
   * Who placed it: the caller identity that scopes idempotency keys (the IAM principal API Gateway
   * authenticated; `schedule` for a schedule's calls). Only it may read the record (lib/access);
   * records written before it was kept have none.
   */
  readonly placedBy?: string;
  /** The caller's label, with any phone number in it masked. */
  readonly label?: string;
  /** DynamoDB TTL: epoch seconds after which the record is deleted. */
  readonly expiration: number;
  /** Bumped by every write; a write is made only on the version it read (optimistic locking). */
  readonly version: number;
  /** What the detail events said, per leg: `customer` is the dialled party, `user` the agent. */
  readonly legs?: Partial<Record<Leg, LegFacts>>;
  /** What Genesys's Conversations API said when it was last asked. */
  readonly genesys?: GenesysSnapshot;
  /** The last lookup in Genesys, whatever it ended with (lib/outcomes/refresh.ts). */
  readonly lookup?: LookupState;
}

/**
 * A lookup is claimed on the record before Genesys is asked (a write at the version read, which only
 * one reader wins), so a call is looked up at most once per CALL_LOOKUP_AFTER_SECONDS whoever asks,
 * in how many containers, and whatever Genesys answers.
 */
export interface LookupState {
  /** Epoch ms of the claim: no other lookup of the call until the window has passed. */
  readonly claimedAt: number;
  /** Why that lookup taught nothing (absent while it runs, and when it succeeded). */
  readonly failure?: LookupFailure;
  /** Genesys answered 404 for this call, which this service placed: it is not asked again. */
  readonly stopped?: true;
}

export interface LookupFailure {
  /** A problem code (`genesys_unavailable`, `genesys_forbidden`, …) or `unrecognised_answer`. */
  readonly reason: string;
  /** What the caller is told, numbers masked. */
  readonly detail: string;
}

export const LEGS = ['customer', 'user'] as const;
export type Leg = (typeof LEGS)[number];

export interface LegFacts {
  /** eventTime (epoch ms) of the earliest `start` seen. */
  readonly startedAt?: number;
  /** eventTime of the latest `end` seen, and what that end said. */
  readonly endedAt?: number;
  readonly interactingMs?: number;
  readonly disconnectType?: DisconnectType;
}

export const CALL_STATUSES = ['placed', 'ringing', 'connected', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export interface DisconnectReason {
  readonly code: number;
  readonly phrase?: string;
}

/** The SIP and Q.850 reasons of the dialled party's disconnect, when Genesys gave them. */
export interface DisconnectReasons {
  readonly sip?: DisconnectReason;
  readonly q850?: DisconnectReason;
}

export interface GenesysSnapshot {
  /** Epoch ms of the lookup. */
  readonly checkedAt: number;
  readonly status: Exclude<CallStatus, 'placed'>;
  readonly connectedAt?: number;
  readonly endedAt?: number;
  readonly disconnectType?: DisconnectType;
  readonly disconnectReason?: DisconnectReasons;
}

/** One detail event, reduced to what the record keeps of it. */
export interface LegEvent {
  readonly conversationId: string;
  readonly leg: Leg;
  readonly phase: 'start' | 'end';
  readonly eventTime: number;
  readonly interactingMs?: number;
  readonly disconnectType?: DisconnectType;
}

/**
 * The record with `event` taken into account. Commutative, associative and idempotent: the earliest
 * start and the latest end of each leg win, whatever order they came in and however often, so an
 * end is never undone by a start that arrives after it.
 */
export function applyEvent(record: CallRecord, event: LegEvent): CallRecord {
  const facts = record.legs?.[event.leg] ?? {};
  const next = event.phase === 'start' ? withStart(facts, event.eventTime) : withEnd(facts, event);
  if (next === facts) return record;
  return { ...record, legs: { ...record.legs, [event.leg]: next } };
}

function withStart(facts: LegFacts, eventTime: number): LegFacts {
  if (facts.startedAt !== undefined && facts.startedAt <= eventTime) return facts;
  return { ...facts, startedAt: eventTime };
}

function withEnd(facts: LegFacts, event: LegEvent): LegFacts {
  if (facts.endedAt !== undefined && !laterEnd(event, facts)) return facts;
  const { startedAt } = facts;
  return {
    ...(startedAt === undefined ? {} : { startedAt }),
    endedAt: event.eventTime,
    ...(event.interactingMs === undefined ? {} : { interactingMs: event.interactingMs }),
    ...(event.disconnectType === undefined ? {} : { disconnectType: event.disconnectType }),
  };
}

/** Two ends of one leg at the same instant are ordered by what they say, so either arrival order keeps the same one. */
function laterEnd(event: LegEvent, facts: LegFacts): boolean {
  if (event.eventTime !== facts.endedAt) return event.eventTime > (facts.endedAt ?? -Infinity);
  const a = [event.interactingMs ?? -1, event.disconnectType ?? ''];
  const b = [facts.interactingMs ?? -1, facts.disconnectType ?? ''];
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

/** The record with a newer Conversations API snapshot (an older one is ignored). */
export function applySnapshot(record: CallRecord, snapshot: GenesysSnapshot): CallRecord {
  if (record.genesys && record.genesys.checkedAt > snapshot.checkedAt) return record;
  return { ...record, genesys: snapshot };
}
