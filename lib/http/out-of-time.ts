import { ProblemError } from '../problems/errors';

/**
 * What `POST /calls` answers when the Lambda's time runs out before the handler did (middy's
 * `timeoutEarlyResponse`, 5 ms before the deadline). Every Genesys, Secrets Manager and store read
 * ends before the deadline (DEADLINE_RESERVE_MS, STORE_RESERVE_MS), so what overruns is whatever
 * follows them, the call POST included: the call may have been placed, and an answer saying
 * otherwise (or a bare `internal_error`) would make a client without a key dial again.
 */
export function outOfTime(): never {
  throw new ProblemError('genesys_timeout', {
    detail:
      "The function ran out of time before it could answer. The call may have been placed: check the user's recent conversations before trying again.",
  });
}
