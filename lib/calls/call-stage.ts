import type { ProblemError } from '../problems/errors';
import { HashKeyError } from '../aws/hash-key';
import type { ProblemCode } from '../problems/problem-types';
import { CredentialsError, GenesysError, GenesysNetworkError, GenesysNotSentError, GenesysTimeoutError, isStationEdgeError } from '../genesys/errors';

/**
 * How far a failed call got, read from the error behind its problem. It answers the two questions
 * asked of every failure: may the call be ringing anyway (then nothing may post it again, and an
 * idempotency key keeps the outcome), and would every later call of the dialer fail the same way
 * (they share one OAuth client and one token), so that the message goes back to the queue?
 */
export const CALL_STAGES = {
  // Secrets Manager failed or a secret (the OAuth client, the stack's hash key) is malformed or not
  // configured: nothing was sent to Genesys.
  credentials: { callMayExist: false, sharedByAllCalls: true },
  // The idempotency store could not be reached: the call was not sent (fail closed).
  idempotencyStore: { callMayExist: false, sharedByAllCalls: true },
  // The suppression list (or the attempt counts beside it) could not be read: not sent (fail closed).
  suppressionList: { callMayExist: false, sharedByAllCalls: true },
  // The number is on the suppression list, has had its attempts for now, or is outside its calling
  // hours: this call alone is not sent.
  notAllowed: { callMayExist: false, sharedByAllCalls: false },
  // The login host refused, failed or did not answer: the call POST was never sent.
  token: { callMayExist: false, sharedByAllCalls: true },
  // The API host refused a token, and a freshly issued one too (401 twice): it will refuse every call.
  tokenRefused: { callMayExist: false, sharedByAllCalls: true },
  // No connection to the API host could be made, or too little time was left to try: the POST never left.
  notConnected: { callMayExist: false, sharedByAllCalls: false },
  // Genesys answered 4xx to the POST, or the 500 saying the station cannot place calls: it did not act on it.
  refused: { callMayExist: false, sharedByAllCalls: false },
  // 5xx, timeout, dropped connection, a success without an id, an error we do not know: the call
  // may be ringing, and only a person looking at Genesys can tell.
  unknown: { callMayExist: true, sharedByAllCalls: false },
} as const satisfies Record<string, { callMayExist: boolean; sharedByAllCalls: boolean }>;

export type CallStage = keyof typeof CALL_STAGES;

/** Problems this service raises itself before a call is sent, by code: how far such a call got. */
const STAGE_BEFORE_SENDING: Partial<Record<ProblemCode, CallStage>> = {
  idempotency_store_unavailable: 'idempotencyStore',
  // The key was used for another request: this request was not sent.
  idempotency_key_reused: 'refused',
  suppression_list_unavailable: 'suppressionList',
  destination_suppressed: 'notAllowed',
  attempt_limit_reached: 'notAllowed',
  outside_calling_hours: 'notAllowed',
  time_zone_required: 'notAllowed',
};

export function stageOf(problem: ProblemError): CallStage {
  const cause = problem.cause;
  if (cause instanceof CredentialsError || cause instanceof HashKeyError) return 'credentials';
  const before = STAGE_BEFORE_SENDING[problem.code];
  if (before !== undefined) return before;
  if (cause instanceof GenesysNotSentError) return 'notConnected';
  if (cause instanceof GenesysError || cause instanceof GenesysTimeoutError || cause instanceof GenesysNetworkError) {
    if (cause.operation === 'token') return 'token';
    if (cause instanceof GenesysNetworkError && !cause.requestMayHaveArrived) return 'notConnected';
    if (cause instanceof GenesysError && cause.status === 401) return 'tokenRefused';
    if (cause instanceof GenesysError && cause.status >= 400 && cause.status < 500) return 'refused';
    if (cause instanceof GenesysError && isStationEdgeError(cause)) return 'refused';
  }
  return 'unknown';
}
