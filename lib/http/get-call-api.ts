import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { ProblemError } from '../problems/errors';
import { logProblem } from '../problems/log-problem';
import { countProblem } from '../telemetry/metrics';
import { logger } from '../telemetry/logger';
import type { CallRecord } from '../outcomes/call-record';
import type { CallStore } from '../outcomes/call-store';
import { outcomeOf } from '../outcomes/outcome';
import type { OutcomeEvents } from '../outcomes/outcome-events';
import { lookUpDue, lookupNote, refreshFromGenesys } from '../outcomes/refresh';
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
  /** Calls for later (lib/later/): a callId is answered from its record, the caller's own only. */
  readonly later?: {
    find(callId: string, caller: string, deadline: number): Promise<{ item: { status: string; at?: number; conversationId?: string; code?: string; detail?: string; to?: string; toCountry?: string } } | undefined>;
  };
}

/** What a call for later's item status reads as to its caller: still waiting is `scheduled`. */
const LATER_STATUS: Readonly<Record<string, string>> = { scheduled: 'scheduled', deferred: 'scheduled', queued: 'scheduled', cancelled: 'cancelled', failed: 'failed', mayHaveBeenPlaced: 'mayHaveBeenPlaced', deadLettered: 'failed' };

const CONVERSATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /calls/{conversationId}`: the outcome of a call this service placed, from its record. A call
 * whose record has no settled outcome and is older than `lookupAfterMs` is looked up in Genesys at
 * most once per `lookupAfterMs`, whoever asks and whatever Genesys answers (lib/outcomes/refresh.ts:
 * a caller polling every second must not become a Genesys request every second); a lookup that
 * fails answers the stored outcome with a note saying so. Any other id, well-formed or not, and a
 * call another principal placed (unless reads are open to the account), answers
 * `404 call_not_found` without asking Genesys: the API is no oracle for the org's other
 * conversations, nor for the account's other callers. A store that fails or does not answer within
 * its bound answers `503 call_records_unavailable`.
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
    const store = unavailableAs503(parts.store);
    const conversationId = id.toLowerCase();
    const stored = await store.get(conversationId, deadline);
    const caller = callerIdentity(event);
    // Not a conversation this service placed: perhaps a callId, a call for later (the caller's own only).
    const later = stored === undefined ? await parts.later?.find(conversationId, caller, deadline) : undefined;
    // A call for later that was placed is answered from its conversation's record, as any call.
    const record = stored ?? (later?.item.conversationId ? await store.get(later.item.conversationId, deadline) : undefined);
    if (record === undefined) {
      if (!later) throw notFound();
      const { status, at, code, detail, to, toCountry } = later.item;
      const answer = { callId: conversationId, status: LATER_STATUS[status] ?? status, ...(at !== undefined && LATER_STATUS[status] === 'scheduled' ? { at: new Date(at).toISOString() } : {}), ...(to ? { to } : {}), ...(toCountry ? { toCountry } : {}), ...(code ? { code, detail } : {}) };
      logger.info('call for later read', logFields({ callId: conversationId, status: answer.status }));
      return jsonResult(200, answer);
    }
    if (!mayRead(record.placedBy, caller, parts.readAccess)) throw notFound();
    const due = lookUpDue(record, startedAt, parts.lookupAfterMs);
    const current: CallRecord = due ? await refreshFromGenesys(record, { ...parts, store }, deadline, startedAt) : record;
    const outcome = outcomeOf(current);
    logger.info('call outcome read', logFields({ conversationId: record.conversationId, status: outcome.status, source: outcome.source, lookedUp: due }));
    return jsonResult(200, { ...(later ? { callId: conversationId } : {}), ...outcome, ...lookupNote(current, parts.lookupAfterMs) });
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

/**
 * The store, each failure of it (an error, or no answer within its 2 s bound: lib/aws/store-deadline.ts)
 * answered as `503 call_records_unavailable`, which a caller retries, rather than as a bug. Its own
 * problems (no CALLS_TABLE) pass as they are.
 */
function unavailableAs503(store: CallStore): CallStore {
  const unavailable = (error: unknown): never => {
    if (error instanceof ProblemError) throw error;
    throw new ProblemError('call_records_unavailable', {
      detail: 'The call records store (DynamoDB) failed or did not answer in time, so the outcome could not be read. Nothing was changed; try again shortly.',
      cause: error,
    });
  };
  return {
    create: (record, deadline) => store.create(record, deadline).catch(unavailable),
    get: (conversationId, deadline) => store.get(conversationId, deadline).catch(unavailable),
    replace: (record, deadline) => store.replace(record, deadline).catch(unavailable),
  };
}
