import { ProblemError } from '../problems/errors';
import type { ProblemCode } from '../problems/problem-types';

interface IdempotencyProblem {
  readonly code: ProblemCode;
  readonly detail: string;
}

// Fail closed: the caller asked for a guarantee that cannot be given without the store.
const STORE_UNAVAILABLE: IdempotencyProblem = {
  code: 'idempotency_store_unavailable',
  detail: 'The idempotency store could not be reached, so the call was not placed (it could not be guaranteed to happen once). Retry with the same key.',
};

/** Powertools Idempotency's errors, by name, → the problem the caller gets. */
export const IDEMPOTENCY_PROBLEMS: Readonly<Record<string, IdempotencyProblem>> = {
  IdempotencyValidationError: {
    code: 'idempotency_key_reused',
    // Only this request is known not to be sent: the key's earlier request may well have placed its
    // call, so "no call was placed" would invite a second call to someone already rung.
    detail:
      'This Idempotency-Key was already used within the idempotency window for a request that differs from this one (another number, user, queue, label or attributes), so this request was not sent to Genesys. The earlier request with this key may have placed its call: send this one with a new key only if you mean to place another call.',
  },
  IdempotencyAlreadyInProgressError: {
    code: 'request_in_progress',
    detail: 'A request with this Idempotency-Key is still being handled. Retry later with the same key to get its outcome.',
  },
  IdempotencyPersistenceLayerError: STORE_UNAVAILABLE,
  IdempotencyUnknownError: STORE_UNAVAILABLE,
  IdempotencyInconsistentStateError: STORE_UNAVAILABLE,
  IdempotencyKeyError: STORE_UNAVAILABLE,
};

/** A Powertools Idempotency error → its problem (the error kept as the cause); anything else as it is. */
export function toIdempotencyProblem(error: unknown): unknown {
  const problem = error instanceof Error && Object.hasOwn(IDEMPOTENCY_PROBLEMS, error.name) ? IDEMPOTENCY_PROBLEMS[error.name] : undefined;
  return problem ? new ProblemError(problem.code, { detail: problem.detail, cause: error }) : error;
}
