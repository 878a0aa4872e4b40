import type { RetryOptions } from 'ky';
import { isHTTPError } from 'ky';
import { DEADLINE_RESERVE_MS } from '../aws/deadline';

/**
 * Which Genesys answers are tried again. Placing a call is not idempotent: only an answer that proves
 * Genesys did nothing may be retried. A 429 is such an answer (the request was refused before it was
 * handled). A 5xx, a timeout or a dropped connection is not: the call may already be ringing, and a
 * second POST would ring the customer twice. The 401 on a stale token is handled by the caller (one
 * token refresh, one retry), not here.
 */
export const CALL_RETRY = {
  limit: 3,
  methods: ['post'],
  statusCodes: [429],
  afterStatusCodes: [429],
  retryNetworkErrors: false,
} as const;

/**
 * The dialer's call POST: not even a 429 is waited out inside the function. The message goes back to
 * the queue with its visibility set from Retry-After instead (lib/queue), which costs no Lambda time.
 */
export const CALL_NO_WAIT = { ...CALL_RETRY, limit: 0 } as const;

/** Asking for a token has no side effect: every transient failure may be tried again. */
export const TOKEN_RETRY = {
  limit: 2,
  methods: ['post'],
  statusCodes: [408, 429, 500, 502, 503, 504],
  afterStatusCodes: [429, 503],
  retryNetworkErrors: true,
} as const;

/** Reading a resource has no side effect either. */
export const READ_RETRY = {
  limit: 2,
  methods: ['get'],
  statusCodes: [408, 429, 500, 502, 503, 504],
  afterStatusCodes: [429, 503],
  retryNetworkErrors: true,
} as const;

export type RetryPolicy = typeof CALL_RETRY | typeof CALL_NO_WAIT | typeof TOKEN_RETRY | typeof READ_RETRY;

/** ky's first retry waits 300 ms when no Retry-After says otherwise (its documented default). */
const DEFAULT_FIRST_DELAY_MS = 300;

/**
 * The policy as ky options, fenced by the Lambda's deadline: a retry happens only if its wait, a
 * whole attempt (`attemptMs`, GENESYS_TIMEOUT_MS) and the reserve still fit before `deadline`. The
 * reserve is for what follows the answer (the idempotency outcome write, the log line): a retry
 * that ends at the deadline itself would leave a placed call without an answer. Otherwise the
 * caller gets the 429 with its Retry-After, which is more useful than a Lambda killed mid-request.
 */
export function retryOptions(policy: RetryPolicy, deadline: number, attemptMs: number, now = Date.now): RetryOptions {
  return {
    limit: policy.limit,
    methods: [...policy.methods],
    statusCodes: [...policy.statusCodes],
    afterStatusCodes: [...policy.afterStatusCodes],
    retryOnTimeout: policy.retryNetworkErrors,
    shouldRetry: ({ error, retryCount }) => {
      let waitMs = DEFAULT_FIRST_DELAY_MS * 2 ** (retryCount - 1);
      if (isHTTPError(error)) {
        if (!(policy.statusCodes as readonly number[]).includes(error.response.status)) return false;
        waitMs = retryAfterSeconds(error.response.headers) * 1000 || waitMs;
      } else if (!policy.retryNetworkErrors) {
        return false;
      }
      // undefined lets ky apply its own rules (Retry-After, backoff) to a retry we allow.
      return now() + waitMs + attemptMs + DEADLINE_RESERVE_MS <= deadline ? undefined : false;
    },
  };
}

/** `Retry-After` in seconds (Genesys sends delta-seconds, facts.md §3); 0 when absent or unreadable. */
export function retryAfterSeconds(headers: Headers): number {
  const value = headers.get('retry-after');
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
