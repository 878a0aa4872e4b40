import type { KyInstance } from 'ky';
import { GenesysError, GenesysTimeoutError } from './errors';
import { attemptTimeout, DEADLINE_RESERVE_MS, toGenesysError } from './http';
import { READ_RETRY, retryOptions } from './retry-policy';
import type { TokenCache } from './token';

export interface GetJsonDeps {
  readonly http: KyInstance;
  readonly tokens: Pick<TokenCache, 'get' | 'invalidate'>;
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

/**
 * GETs a Genesys JSON resource (`path` from `/api/v2/…`, query included) with the container's token,
 * bounded by `deadline`: the answer's headers and body both. A read has no side effect, so a 401
 * drops the token and asks once more with a fresh one, and transient failures are retried per
 * READ_RETRY while the deadline allows. Any other answer is thrown as a typed error: GenesysError
 * (status, code, messageParams, correlation id), GenesysTimeoutError or GenesysNetworkError.
 */
export async function getJson(deps: GetJsonDeps, path: string, deadline: number): Promise<Record<string, unknown>> {
  const token = await deps.tokens.get(deadline);
  try {
    return await get(deps, path, token, deadline);
  } catch (error) {
    if (!(error instanceof GenesysError && error.status === 401)) throw error;
    deps.tokens.invalidate(token);
    return get(deps, path, await deps.tokens.get(deadline), deadline);
  }
}

async function get(deps: GetJsonDeps, path: string, token: string, deadline: number): Promise<Record<string, unknown>> {
  const timeout = attemptTimeout(deps.timeoutMs, deadline);
  // ky's timeout ends with the headers; this signal also cuts off a body that trickles past the deadline.
  const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now() - DEADLINE_RESERVE_MS));
  try {
    const response = await deps.http.get(`${deps.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      timeout,
      signal,
      retry: retryOptions(READ_RETRY, deadline, timeout),
    });
    const body: unknown = JSON.parse(await response.text());
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SyntaxError('not a JSON object');
    return body as Record<string, unknown>;
  } catch (error) {
    if (signal.aborted) throw new GenesysTimeoutError('read', timeout, { cause: error });
    if (error instanceof SyntaxError) throw new GenesysError({ operation: 'read', status: 200, code: 'malformed_response' }, { cause: error });
    const typed = await toGenesysError(error, 'read', timeout);
    // The error body is read under the same signal: cut off, it was the deadline, not Genesys.
    if (signal.aborted) throw new GenesysTimeoutError('read', timeout, { cause: error });
    throw typed;
  }
}
