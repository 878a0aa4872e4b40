import type { Input, KyInstance } from 'ky';
import { isHTTPError } from 'ky';
import { attemptTimeout } from '../aws/deadline';
import type { GenesysOperation } from './errors';
import { AttemptTimedOut, parseJson, toGenesysError } from './http';
import type { AttemptEnded, AttemptRetried } from './observe';
import { attemptEnded, attemptRetried } from './observe';
import type { RetryPolicy } from './retry-policy';
import { retryOptions } from './retry-policy';

/** One request to Genesys (login or API host), everything but its time bounds. */
export interface GenesysRequest {
  /** Names the request in errors and in the problem mapping (problem.ts). */
  readonly operation: GenesysOperation;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body sent as JSON. */
  readonly json?: unknown;
  /** A body sent as a form (`application/x-www-form-urlencoded`). */
  readonly form?: URLSearchParams;
  /** Which failures are tried again (retry-policy.ts). Absent: none is. */
  readonly retry?: RetryPolicy;
}

export interface RequestBounds {
  /** GENESYS_TIMEOUT_MS: the most one attempt (headers and body) may take. */
  readonly timeoutMs: number;
  /** The invocation's deadline, epoch ms. Every attempt ends `DEADLINE_RESERVE_MS` before it. */
  readonly deadline: number;
}

/** A 2xx answer, read whole. */
export interface GenesysAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The body parsed as JSON (`null` included); `undefined` when it is empty or not JSON. */
  readonly body: unknown;
}

/**
 * Sends one request and reads its answer, headers and body, each attempt within
 * `min(timeoutMs, deadline - now - DEADLINE_RESERVE_MS)`. ky's own `timeout` ends when the headers
 * arrive; here each attempt reads the whole body under one abort signal, armed when the attempt
 * starts, so a server that sends its headers and then stalls is cut off too, and a stalled body is
 * a failed attempt like any other (retried only where the policy allows).
 *
 * Resolves with a 2xx answer. Rejects only with the typed errors of errors.ts:
 * - `GenesysError`: a non-2xx answer, with its ErrorBody and correlation id;
 * - `GenesysTimeoutError`: the headers or the body did not arrive within the bound;
 * - `GenesysNetworkError`: the connection failed or broke, before or during the body.
 * Retries follow `request.retry`, and only if the wait, a whole attempt and the reserve still fit.
 */
export async function boundedRequest(http: KyInstance, request: GenesysRequest, bounds: RequestBounds): Promise<GenesysAnswer> {
  try {
    const response = await http(request.url, {
      method: request.method,
      headers: request.headers,
      json: request.json,
      body: request.form,
      // Each attempt is bounded by readWhole, its body included.
      timeout: false,
      retry: request.retry ? retryOptions(request.retry, bounds.deadline, bounds.timeoutMs) : 0,
      hooks: {
        beforeRetry: [
          ({ error }) => {
            const status = isHTTPError(error) ? error.response.status : undefined;
            if (attemptRetried.hasSubscribers) attemptRetried.publish({ operation: request.operation, status } satisfies AttemptRetried);
          },
        ],
      },
      fetch: (input, init) => readWhole(input, init, attemptTimeout(bounds.timeoutMs, bounds.deadline), request.operation),
    });
    return { status: response.status, headers: response.headers, body: parseJson(await response.text()) };
  } catch (error) {
    throw await toGenesysError(error, request.operation);
  }
}

// Statuses whose answer has no body (the Fetch standard's null body statuses).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * One attempt: fetch, then read the whole body, all under one signal that aborts after
 * `timeoutMs` with `AttemptTimedOut`. Answers a Response whose body is already in memory.
 */
async function readWhole(input: Input, init: RequestInit | undefined, timeoutMs: number, operation: GenesysOperation): Promise<Response> {
  const startedAt = performance.now();
  let status: number | undefined;
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(new AttemptTimedOut(timeoutMs)), timeoutMs);
  // ky's own signal (input.signal) still aborts the attempt too.
  const parent = input instanceof Request ? input.signal : init?.signal;
  const signal = parent ? AbortSignal.any([parent, timer.signal]) : timer.signal;
  try {
    const response = await fetch(input, { ...init, signal });
    const body = NULL_BODY_STATUSES.has(response.status) ? null : await readBody(response);
    status = response.status;
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } finally {
    clearTimeout(timeout);
    if (attemptEnded.hasSubscribers) attemptEnded.publish({ operation, status, ms: performance.now() - startedAt } satisfies AttemptEnded);
  }
}

/**
 * A 2xx answer's body is the answer (the conversation id, the token): its failure fails the
 * attempt. An error answer's status says what matters, so a body that breaks or stalls there
 * leaves the status to speak alone, read within the same bound.
 */
async function readBody(response: Response): Promise<ArrayBuffer> {
  if (response.ok) return response.arrayBuffer();
  return response.arrayBuffer().catch(() => new ArrayBuffer(0));
}
