import type { GenesysClient } from '../genesys/client';
import { GenesysError } from '../genesys/errors';
import { toProblem } from '../problems/problem';
import { logger } from '../telemetry/logger';
import { maskNumbersIn } from '../telemetry/masking';
import { countLookupFailure } from '../telemetry/metrics';
import type { CallRecord, GenesysSnapshot, LookupFailure, LookupState } from './call-record';
import { applySnapshot } from './call-record';
import type { CallStore } from './call-store';
import { lookUpCall } from './genesys-lookup';
import { isSettled } from './outcome';
import type { OutcomeChange } from './outcome-change';
import { outcomeChangeOf, publishOutcomeChange, reportOutcomeChange } from './outcome-change';
import type { OutcomeEvents } from './outcome-events';
import { OutcomeEventRefusedError } from './outcome-events';

export interface RefreshDeps {
  readonly store: CallStore;
  readonly genesys: Pick<GenesysClient, 'getJson'>;
  /** Where each outcome change is put as a `Call outcome` event; none when they are off. */
  readonly events?: OutcomeEvents;
}

/** Writes after the lookup that lose to other writers (events, another reader) are tried again this often. */
const WRITE_ATTEMPTS = 3;

/** What a lookup whose answer named no dialled party in a known state is recorded as. */
const UNRECOGNISED: LookupFailure = {
  reason: 'unrecognised_answer',
  detail: 'Genesys answered, but named no dialled party (customer or external) in a state this service knows; the stored outcome stands.',
};

/**
 * Whether Genesys is asked about the call now: its outcome is not settled, it is at least
 * `windowMs` old (events usually come first), lookups have not stopped (a 404), and the last one,
 * whatever it ended with, was claimed at least `windowMs` ago.
 */
export function lookUpDue(record: CallRecord, now: number, windowMs: number): boolean {
  if (isSettled(record) || record.lookup?.stopped || now - record.placedAt < windowMs) return false;
  const last = Math.max(record.lookup?.claimedAt ?? -Infinity, record.genesys?.checkedAt ?? -Infinity);
  return now - last >= windowMs;
}

/**
 * Refreshes a call's record from Genesys, at most once per window per call: the lookup is claimed
 * on the record first (a write at the version read: of concurrent readers, in any container, one
 * wins; the others answer the newest record without asking), then Genesys is asked once (no retry),
 * and what it said is stored: a snapshot, or why it taught nothing (an error, an answer without a
 * recognised dialled party), or, for a 404 about a call this service placed, that lookups stop. A
 * lookup that fails never fails the answer: the stored outcome is answered, with the failure
 * (`lookupNote`). Throws only what the store threw while claiming.
 *
 * A change is put as a `Call outcome` event before it is stored, as callEvents does; a put that
 * fails never fails the answer: what was learnt is answered without storing it, so the next lookup
 * puts the event again (docs/outcomes.md, "Call outcome events").
 */
export async function refreshFromGenesys(record: CallRecord, deps: RefreshDeps, deadline: number, now = Date.now()): Promise<CallRecord> {
  const claimed: CallRecord = { ...record, lookup: { claimedAt: now }, version: record.version + 1 };
  if (!(await deps.store.replace(claimed, deadline))) {
    // Another reader claimed the lookup, or an event was stored, since this one read the record.
    return (await deps.store.get(record.conversationId, deadline)) ?? record;
  }
  let snapshot: GenesysSnapshot | undefined;
  try {
    snapshot = await lookUpCall(deps.genesys, record.conversationId, deadline);
  } catch (error) {
    return storeLookup(claimed, failed(claimed, error), deps, deadline);
  }
  if (snapshot === undefined) return storeLookup(claimed, failed(claimed, undefined), deps, deadline);
  return storeSnapshot(claimed, snapshot, deps, deadline);
}

/** A lookup that taught nothing: logged, counted, and recorded (a 404 stops lookups). */
function failed(claimed: CallRecord, error: unknown): LookupState {
  const notFound = error instanceof GenesysError && error.status === 404;
  const problem = error === undefined ? undefined : toProblem(error);
  const failure = problem === undefined ? UNRECOGNISED : { reason: problem.code, detail: maskNumbersIn(problem.details.detail ?? problem.code) };
  const genesys = problem?.details.genesys;
  try {
    logger.warn(`the call could not be looked up in Genesys: its stored outcome is answered${notFound ? ', and it is not looked up again' : ''}`, {
      conversationId: claimed.conversationId,
      reason: failure.reason,
      ...(genesys ? { genesysStatus: genesys.status, genesysCode: genesys.code, genesysCorrelationId: genesys.correlationId } : {}),
      ...(error instanceof Error ? { cause: error.name } : {}),
    });
    countLookupFailure(failure.reason, genesys);
  } catch {
    // A lost log line must not turn the stored outcome into an error.
  }
  return { claimedAt: (claimed.lookup as LookupState).claimedAt, failure, ...(notFound ? { stopped: true as const } : {}) };
}

/**
 * Stores the end of this lookup on the newest record, unless another lookup was claimed since
 * (then that one's result is the one to keep). A store that fails or keeps losing leaves the record
 * as it is: the claim already bounds the lookups; only the note is lost.
 */
async function storeLookup(claimed: CallRecord, lookup: LookupState, deps: RefreshDeps, deadline: number): Promise<CallRecord> {
  let latest = claimed;
  try {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      if (latest.lookup?.claimedAt !== lookup.claimedAt) return latest;
      const next = { ...latest, lookup };
      if (await deps.store.replace({ ...next, version: latest.version + 1 }, deadline)) return { ...next, version: latest.version + 1 };
      latest = (await deps.store.get(claimed.conversationId, deadline)) ?? latest;
    }
  } catch {
    // The store failed after the lookup: answer what is known.
  }
  return { ...latest, lookup };
}

/** Stores what Genesys said on the newest record (events may have come meanwhile) and returns it. */
async function storeSnapshot(claimed: CallRecord, snapshot: GenesysSnapshot, deps: RefreshDeps, deadline: number): Promise<CallRecord> {
  let latest = claimed;
  try {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const next = applySnapshot(latest, snapshot);
      if (next === latest) return latest;
      const change = outcomeChangeOf(latest, next);
      if (change && !(await published(deps.events, change, deadline))) return next;
      if (await deps.store.replace({ ...next, version: latest.version + 1 }, deadline)) {
        if (change) reportOutcomeChange(change);
        return { ...next, version: latest.version + 1 };
      }
      latest = (await deps.store.get(claimed.conversationId, deadline)) ?? latest;
    }
  } catch (error) {
    logger.warn('what Genesys said of the call could not be stored: it is answered, and asked again after the window', {
      conversationId: claimed.conversationId,
      cause: error instanceof Error ? error.name : 'unknown',
    });
  }
  // Other writers every time, or a store that failed: answer what was learnt without storing it.
  return applySnapshot(latest, snapshot);
}

/** Whether the change's event was put (or events are off); a failure is logged, never thrown. */
async function published(events: OutcomeEvents | undefined, change: OutcomeChange, deadline: number): Promise<boolean> {
  try {
    await publishOutcomeChange(events, change, deadline);
    return true;
  } catch (error) {
    logger.warn('the Call outcome event could not be put: the outcome is answered but not stored, so the next lookup asks Genesys again', {
      conversationId: change.after.conversationId,
      status: change.after.status,
      cause: error instanceof Error ? error.name : 'unknown',
      ...(error instanceof OutcomeEventRefusedError ? { errorCode: error.errorCode } : {}),
    });
    return false;
  }
}

/** What an answer says of a lookup that taught nothing, beside the stored outcome; nothing otherwise. */
export interface LookupNote {
  /** A problem code (`genesys_unavailable`, `genesys_forbidden`, …) or `unrecognised_answer`. */
  readonly reason: string;
  readonly detail: string;
  /** When Genesys was asked. */
  readonly lookedUpAt: string;
  /** When it may be asked again; absent once lookups stopped (Genesys does not know the call). */
  readonly nextLookupAt?: string;
}

export function lookupNote(record: CallRecord, windowMs: number): { lookup?: LookupNote } {
  const lookup = record.lookup;
  if (lookup?.failure === undefined) return {};
  return {
    lookup: {
      reason: lookup.failure.reason,
      detail: lookup.failure.detail,
      lookedUpAt: new Date(lookup.claimedAt).toISOString(),
      ...(lookup.stopped ? {} : { nextLookupAt: new Date(lookup.claimedAt + windowMs).toISOString() }),
    },
  };
}
