import type { KyInstance } from 'ky';
import { boundedRequest } from './bounded-request';
import { GenesysError } from './errors';
import type { RetryPolicy } from './retry-policy';
import { READ_RETRY } from './retry-policy';
import type { TokenCache } from './token';

/** How a read is made. */
export interface ReadOptions {
  /**
   * `false`: one attempt, whatever it answers (a call's lookup, bounded to one read per call per
   * window by its caller: lib/outcomes/refresh.ts). Otherwise transient failures are tried again
   * per READ_RETRY (the doctor's reads).
   */
  readonly retry?: boolean;
}

export interface GetJsonDeps {
  readonly http: KyInstance;
  readonly tokens: Pick<TokenCache, 'get' | 'invalidate'>;
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

/**
 * GETs a Genesys JSON resource (`path` from `/api/v2/…`, query included) with the container's token,
 * each attempt, headers and body, bounded by `boundedRequest`. A read has no side effect, so a 401
 * drops the token and asks once more with a fresh one, and transient failures are retried per
 * READ_RETRY while the deadline allows (unless `options.retry` is false). Any other answer is thrown as a typed error: GenesysError
 * (status, code, messageParams, correlation id; `malformed_response` for a 2xx that is not a JSON
 * object), GenesysTimeoutError or GenesysNetworkError.
 */
export async function getJson(deps: GetJsonDeps, path: string, deadline: number, options: ReadOptions = {}): Promise<Record<string, unknown>> {
  const retry = options.retry === false ? undefined : READ_RETRY;
  const token = await deps.tokens.get(deadline);
  try {
    return await get(deps, path, token, deadline, retry);
  } catch (error) {
    if (!(error instanceof GenesysError && error.status === 401)) throw error;
    deps.tokens.invalidate(token);
    return get(deps, path, await deps.tokens.get(deadline), deadline, retry);
  }
}

async function get(deps: GetJsonDeps, path: string, token: string, deadline: number, retry: RetryPolicy | undefined): Promise<Record<string, unknown>> {
  const answer = await boundedRequest(
    deps.http,
    { operation: 'read', method: 'GET', url: `${deps.apiUrl}${path}`, headers: { authorization: `Bearer ${token}` }, ...(retry === undefined ? {} : { retry }) },
    { timeoutMs: deps.timeoutMs, deadline },
  );
  const { body } = answer;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GenesysError({ operation: 'read', status: answer.status, code: 'malformed_response' });
  }
  return body as Record<string, unknown>;
}
