import type { KyInstance } from 'ky';
import type { GenesysCallRequest } from '../call-request';
import { GenesysError } from './errors';
import { attemptTimeout, CORRELATION_HEADER, toGenesysError } from './http';
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
  try {
    const response = await deps.http.post(`${deps.apiUrl}${request.path}`, {
      headers: { authorization: `Bearer ${token}` },
      json: request.body,
      timeout,
      retry: retryOptions(CALL_RETRY, deadline, timeout),
    });
    const body = (await response.json()) as { id?: unknown; selfUri?: unknown };
    const correlationId = response.headers.get(CORRELATION_HEADER) ?? undefined;
    if (typeof body.id !== 'string' || body.id === '') {
      // The call was most likely placed; we cannot say which conversation it is.
      throw new GenesysError({ operation: 'createCall', status: response.status, code: 'malformed_response', correlationId });
    }
    return { conversationId: body.id, selfUri: typeof body.selfUri === 'string' ? body.selfUri : undefined, correlationId };
  } catch (error) {
    if (error instanceof GenesysError) throw error;
    throw await toGenesysError(error, 'createCall', timeout);
  }
}
