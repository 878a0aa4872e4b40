import type { ProblemError } from '../problems/errors';
import type { CallPlaced } from '../genesys/create-call';
import type { PreparedCall } from '../calls/place-call';
import { callSummary, describeRequest } from '../calls/place-call';
import { withoutUndefined } from '../problems/object';
import { problemStatus } from '../problems/problem';
import type { ProblemCode } from '../problems/problem-types';
import type { CallStage } from '../calls/call-stage';
import { CALL_STAGES } from '../calls/call-stage';
import type { AttemptFailure } from './failure-policy';
import type { ItemResult, NotAttemptedReason } from './result';
import { NOT_ATTEMPTED_DETAIL } from './result';

/** How one item ended: its entry in the result, plus what only the log line and the retry decision need. */
export interface ItemOutcome {
  readonly item: ItemResult;
  /** Failed items: the problem, exactly as `POST /calls` would have answered it. */
  readonly problem?: ProblemError;
  /** Failed items that were sent for: how far they got. */
  readonly attempt?: AttemptFailure;
  /** Log-only fields (Genesys correlation id, duration). */
  readonly logFields?: Readonly<Record<string, unknown>>;
}

export function placedOutcome(index: number, call: PreparedCall, placed: CallPlaced, durationMs: number): ItemOutcome {
  return {
    item: { index, status: 'placed', conversationId: placed.conversationId, ...callSummary(call) },
    logFields: { genesysCorrelationId: placed.correlationId, durationMs },
  };
}

/**
 * `call` is known once the item passed validation; `stage` once it was sent for. A failure whose
 * call may exist says so in the result, where whoever schedules the item again will look.
 */
export function failedOutcome(
  index: number,
  problem: ProblemError,
  call?: PreparedCall,
  stage?: CallStage,
  durationMs?: number,
): ItemOutcome {
  const { detail, field, genesys } = problem.details;
  const mayHaveBeenPlaced = stage !== undefined && CALL_STAGES[stage].callMayExist;
  return {
    item: {
      index,
      status: 'failed',
      code: problem.code,
      httpStatus: problemStatus(problem),
      detail,
      ...(field === undefined ? {} : { field }),
      ...(call ? callSummary(call) : {}),
      ...(genesys ? { genesys: withoutUndefined(genesys) } : {}),
      ...(mayHaveBeenPlaced ? { mayHaveBeenPlaced: true } : {}),
    },
    problem,
    ...(stage === undefined ? {} : { attempt: { code: problem.code, stage } }),
    ...(durationMs === undefined ? {} : { logFields: { durationMs } }),
  };
}

export function notAttemptedOutcome(index: number, call: PreparedCall, reason: NotAttemptedReason, cause?: ProblemCode): ItemOutcome {
  return {
    item: { index, status: 'not_attempted', reason, detail: NOT_ATTEMPTED_DETAIL[reason](cause), ...callSummary(call) },
  };
}

/**
 * A dry-run item is validated and described, never sent: as a dry run of `POST /calls` is. Its
 * numbers stay masked, unlike that answer's: a schedule's result goes to logs and to the
 * invocation's destinations, read by whoever reads those, not back to a caller who sent the numbers.
 */
export function dryRunOutcome(index: number, call: PreparedCall, apiUrl: string): ItemOutcome {
  return { item: { index, status: 'dry_run', ...callSummary(call, 'masked'), request: describeRequest(call, apiUrl, 'masked') } };
}
