import type { KyInstance } from 'ky';
import type { GenesysCallRequest } from '../call-request';
import { GenesysError, GenesysNotSentError } from './errors';
import { attemptTimeout, CORRELATION_HEADER, readJson, toGenesysError } from './http';
import { CALL_RETRY, retryOptions } from './retry-policy';
import type { TokenCache } from './token';

export interface CallPlaced {
  readonly conversationId: string;
  readonly selfUri?: string;
  readonly correlationId?: string;
}

export interface CreateCallDeps {
  readonly http: KyInstance;
  readonly tokens: Pick<TokenCache, 'get' | 'invalidate'>;
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

/**
 * Posts the call. A 401 means the token died (expired early or revoked): it is dropped, a new one is
 * fetched and the POST is sent once more; Genesys did not act on a request it refused as
 * unauthenticated. 429s are retried per CALL_RETRY. Nothing else is ever sent twice.
 */
export async function createCall(deps: CreateCallDeps, request: GenesysCallRequest, deadline: number): Promise<CallPlaced> {
  const token = await deps.tokens.get(deadline);
  try {
    return await post(deps, request, token, deadline);
  } catch (error) {
    if (!(error instanceof GenesysError && error.status === 401)) throw error;
    deps.tokens.invalidate(token);
    return post(deps, request, await deps.tokens.get(deadline), deadline);
  }
}

async function post(deps: CreateCallDeps, request: GenesysCallRequest, token: string, deadline: number): Promise<CallPlaced> {
  const timeout = attemptTimeout(deps.timeoutMs, deadline);
  // Not sent at all rather than sent and cut off: a POST abandoned mid-flight may still ring.
  if (timeout < Math.min(deps.timeoutMs, MIN_ATTEMPT_MS)) throw new GenesysNotSentError('createCall', timeout);
  let response: Response;
  try {
    response = await deps.http.post(`${deps.apiUrl}${request.path}`, {
      headers: { authorization: `Bearer ${token}` },
      json: request.body,
      timeout,
      retry: retryOptions(CALL_RETRY, deadline, timeout),
    });
  } catch (error) {
    throw await toGenesysError(error, 'createCall', timeout);
  }
  // Genesys answered 2xx: the call exists. Whatever its body, this can only fail as "placed,
  // but we cannot say which conversation", never as "not placed".
  const correlationId = response.headers.get(CORRELATION_HEADER) ?? undefined;
  const body = await readJson(response);
  if (typeof body.id !== 'string' || body.id === '') {
    throw new GenesysError({ operation: 'createCall', status: response.status, code: 'malformed_response', correlationId });
  }
  return { conversationId: body.id, selfUri: typeof body.selfUri === 'string' ? body.selfUri : undefined, correlationId };
}

/**
 * The least time worth a call POST: less, and a slow but successful answer would be cut off after
 * Genesys placed the call. A token refresh that ate the invocation's time lands here.
 */
const MIN_ATTEMPT_MS = 1000;
