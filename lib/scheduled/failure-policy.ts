import type { CallStage } from '../calls/call-stage';
import { CALL_STAGES } from '../calls/call-stage';
import type { ProblemCode } from '../problems/problem-types';

/**
 * Problems that can pass by themselves (an outage, a rate limit, throttled Secrets Manager), so
 * the same schedule may succeed a minute later. Configuration, credentials that Genesys refuses,
 * and the caller's own input are not: a retry would fail the same way.
 */
export const TRANSIENT_PROBLEMS: readonly ProblemCode[] = [
  'genesys_unavailable',
  'genesys_timeout',
  'genesys_rate_limited',
  'credentials_unavailable',
  'hash_key_unavailable',
  'idempotency_store_unavailable',
  'suppression_list_unavailable',
];

/** A call that was sent for and failed: its problem code and how far it got. */
export interface AttemptFailure {
  readonly code: ProblemCode;
  readonly stage: CallStage;
}

/**
 * Whether the invocation should fail so that Lambda retries it. Lambda retries an asynchronous
 * invocation whole, so that is safe only when no call of the run can be ringing: nothing placed,
 * and every call that was tried failed before Genesys acted on it. It is worth it only when every
 * one of those failures may pass by itself. Items refused by validation, dry runs and items never
 * attempted do not count either way: a retry treats them exactly as this run did.
 */
export function isSafeToRetry(placed: number, failures: readonly AttemptFailure[]): boolean {
  return (
    placed === 0 &&
    failures.length > 0 &&
    failures.every((failure) => !CALL_STAGES[failure.stage].callMayExist && TRANSIENT_PROBLEMS.includes(failure.code))
  );
}
