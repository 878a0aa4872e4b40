import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { ProblemError } from '../problems/errors';
import { logProblem } from '../problems/log-problem';
import { countProblem } from '../telemetry/metrics';
import { logger } from '../telemetry/logger';
import type { CallRecord } from '../outcomes/call-record';
import { applySnapshot } from '../outcomes/call-record';
import type { CallStore } from '../outcomes/call-store';
import { lookUpCall } from '../outcomes/genesys-lookup';
import { isSettled, outcomeOf } from '../outcomes/outcome';
import type { OutcomeChange } from '../outcomes/outcome-change';
import { outcomeChangeOf, publishOutcomeChange, reportOutcomeChange } from '../outcomes/outcome-change';
import type { OutcomeEvents } from '../outcomes/outcome-events';
import { OutcomeEventRefusedError } from '../outcomes/outcome-events';
import { toProblem } from '../problems/problem';
import type { GenesysClient } from '../genesys/client';
import type { ApiGatewayEvent } from './api-gateway';
import { apiRequestId, callerIdentity, jsonResult } from './api-gateway';
import type { ReadAccess } from '../config';
import { mayRead } from '../access/read-access';
import { problemResult } from '../problems/problem';

export interface GetCallDeps {
  /** CALL_LOOKUP_AFTER_SECONDS in ms: how old a call without a settled outcome must be before Genesys is asked, and how long after one lookup the next may be made. */
  readonly lookupAfterMs: number;
  readonly store: CallStore;
  readonly genesys: Pick<GenesysClient, 'getJson'>;
  /** Where each outcome change is put as a `Call outcome` event; none when they are off. */
  readonly events?: OutcomeEvents;
  /** CALL_READ_ACCESS: whether only the principal that placed a call may read it (lib/access). */
  readonly readAccess: ReadAccess;
}

const CONVERSATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /calls/{conversationId}`: the outcome of a call this service placed, from its record. A call
 * whose record has no settled outcome and is older than `lookupAfterMs` is looked up in Genesys once
 * (genesys-lookup.ts), and again at most once per `lookupAfterMs` (a caller polling every second must
 * not become a Genesys request every second), and what was learnt is stored. Any other id,
 * well-formed or not, and a call another principal placed (unless reads are open to the account),
 * answers `404 call_not_found` without asking Genesys: the API is no oracle for the org's other
 * conversations, nor for the account's other callers.
 */
export async function getCallApi(event: ApiGatewayEvent, context: Context, deps: () => GetCallDeps): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const id = event.pathParameters?.conversationId ?? '';
  const logFields = (extra: Record<string, unknown> = {}) => ({
    apiGatewayRequestId: apiRequestId(event),
    durationMs: Date.now() - startedAt,
    ...extra,
  });
  try {
    if (!CONVERSATION_ID.test(id)) throw notFound();
    const parts = deps();
    const conversationId = id.toLowerCase();
    const record = await parts.store.get(conversationId, deadline);
    if (record === undefined || !mayRead(record.placedBy, callerIdentity(event), parts.readAccess)) throw notFound();
    const due = lookUpDue(record, startedAt, parts.lookupAfterMs);
    const current = due ? await lookUp(record, parts, deadline) : record;
    const outcome = outcomeOf(current);
    logger.info('call outcome read', logFields({ conversationId, status: outcome.status, source: outcome.source, lookedUp: due }));
    return jsonResult(200, outcome);
  } catch (error) {
    const problem = toProblem(error);
    logProblem(problem, logFields());
    countProblem(problem);
    return problemResult(problem);
  }
}

function notFound(): ProblemError {
  return new ProblemError('call_not_found', {
    detail: 'This service placed no call with this conversation id (or its record has expired). Only calls placed through POST /calls or a schedule can be read here.',
  });
}

function lookUpDue(record: CallRecord, now: number, lookupAfterMs: number): boolean {
  if (isSettled(record) || now - record.placedAt < lookupAfterMs) return false;
  return record.genesys === undefined || now - record.genesys.checkedAt >= lookupAfterMs;
}

/**
 * Asks Genesys, stores the answer on the newest record (events may have come meanwhile) and returns
 * it. A change is put as a `Call outcome` event before it is stored, as callEvents does; a put that
 * fails never fails the answer: what was learnt is answered without storing it, so the next read
 * asks again and puts the event again (docs/outcomes.md, "Call outcome events").
 */
async function lookUp(record: CallRecord, deps: GetCallDeps, deadline: number): Promise<CallRecord> {
  const snapshot = await lookUpCall(deps.genesys, record.conversationId, deadline);
  if (snapshot === undefined) return record;
  let latest = record;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const next = applySnapshot(latest, snapshot);
    if (next === latest) return latest;
    const change = outcomeChangeOf(latest, next);
    if (change && !(await published(deps.events, change, deadline))) return next;
    if (await deps.store.replace({ ...next, version: latest.version + 1 }, deadline)) {
      if (change) reportOutcomeChange(change);
      return next;
    }
    latest = (await deps.store.get(record.conversationId, deadline)) ?? latest;
  }
  // Three writers in a row: answer what was learnt without storing it; the next read asks again.
  return applySnapshot(latest, snapshot);
}

/** Whether the change's event was put (or events are off); a failure is logged, never thrown. */
async function published(events: OutcomeEvents | undefined, change: OutcomeChange, deadline: number): Promise<boolean> {
  try {
    await publishOutcomeChange(events, change, deadline);
    return true;
  } catch (error) {
    logger.warn('the Call outcome event could not be put: the outcome is answered but not stored, so the next read asks Genesys again', {
      conversationId: change.after.conversationId,
      status: change.after.status,
      cause: error instanceof Error ? error.name : 'unknown',
      ...(error instanceof OutcomeEventRefusedError ? { errorCode: error.errorCode } : {}),
    });
    return false;
  }
}
