import type { KyInstance } from 'ky';
import { boundedRequest } from './bounded-request';
import { attemptTimeout } from '../aws/deadline';
import { GenesysError, GenesysNotSentError } from './errors';
import { CORRELATION_HEADER } from './http';
import type { RetryPolicy } from './retry-policy';
import { CALL_RETRY } from './retry-policy';
import type { TokenCache } from './token';

/**
 * The body of `POST /api/v2/conversations/calls[/user/{userId}]`: the properties of Genesys's
 * `CreateCallRequest` (facts.md §1) that this service sets. There are no `from`/`to` objects.
 */
export interface CreateCallRequest {
  phoneNumber: string;
  callerId?: string;
  callerIdName?: string;
  callFromQueueId?: string;
  label?: string;
  attributes?: Record<string, string>;
  uuiData?: string;
  externalContactId?: string;
}

/** A call to place: from the station of `userId`, or, without one, of the token's own user. */
export interface CallToPlace {
  readonly userId?: string;
  readonly body: CreateCallRequest;
}

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
  /** Which answers the POST is retried on (default CALL_RETRY: 429s waited out within the time left). */
  readonly retry?: RetryPolicy;
}

/**
 * The endpoint a call is posted to (facts.md §1–2): `/calls/user/{userId}` places it from that
 * user's station, and takes a client-credentials token; `/calls` only works with a user's token.
 */
export function createCallPath(userId?: string): string {
  return userId === undefined ? '/api/v2/conversations/calls' : `/api/v2/conversations/calls/user/${encodeURIComponent(userId)}`;
}

/**
 * Posts the call. A 401 means the token died (expired early or revoked): it is dropped, a new one is
 * fetched and the POST is sent once more; Genesys did not act on a request it refused as
 * unauthenticated. 429s are retried per CALL_RETRY. Nothing else is ever sent twice.
 */
export async function createCall(deps: CreateCallDeps, call: CallToPlace, deadline: number): Promise<CallPlaced> {
  const token = await deps.tokens.get(deadline);
  try {
    return await post(deps, call, token, deadline);
  } catch (error) {
    if (!(error instanceof GenesysError && error.status === 401)) throw error;
    deps.tokens.invalidate(token);
    return post(deps, call, await deps.tokens.get(deadline), deadline);
  }
}

async function post(deps: CreateCallDeps, call: CallToPlace, token: string, deadline: number): Promise<CallPlaced> {
  const timeout = attemptTimeout(deps.timeoutMs, deadline);
  // Not sent at all rather than sent and cut off: a POST abandoned mid-flight may still ring.
  if (timeout < Math.min(deps.timeoutMs, MIN_ATTEMPT_MS)) throw new GenesysNotSentError('createCall', timeout);
  const answer = await boundedRequest(
    deps.http,
    {
      operation: 'createCall',
      method: 'POST',
      url: `${deps.apiUrl}${createCallPath(call.userId)}`,
      headers: { authorization: `Bearer ${token}` },
      json: call.body,
      retry: deps.retry ?? CALL_RETRY,
    },
    { timeoutMs: deps.timeoutMs, deadline },
  );
  // Genesys answered 2xx: the call exists. Whatever its body, this can only fail as "placed,
  // but we cannot say which conversation", never as "not placed".
  const correlationId = answer.headers.get(CORRELATION_HEADER) ?? undefined;
  const { id, selfUri } = (answer.body ?? {}) as { id?: unknown; selfUri?: unknown };
  if (typeof id !== 'string' || id === '') {
    throw new GenesysError({ operation: 'createCall', status: answer.status, code: MALFORMED_CALL_RESPONSE, correlationId });
  }
  return { conversationId: id, selfUri: typeof selfUri === 'string' ? selfUri : undefined, correlationId };
}

/** The code of a 2xx call answer without a conversation id: the call was placed, we cannot say which. */
export const MALFORMED_CALL_RESPONSE = 'malformed_response';

/**
 * The least time worth a call POST: less, and a slow but successful answer would be cut off after
 * Genesys placed the call. A token refresh that ate the invocation's time lands here.
 */
const MIN_ATTEMPT_MS = 1000;
