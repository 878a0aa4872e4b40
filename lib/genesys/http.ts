import type { KyInstance } from 'ky';
import ky, { isHTTPError } from 'ky';
import type { ErrorBody, GenesysOperation, OAuthErrorBody } from './errors';
import { GenesysError, GenesysNetworkError, GenesysTimeoutError } from './errors';
import { retryAfterSeconds } from './retry-policy';

/** One ky instance per container: no retries unless a request asks (see retry-policy.ts). */
export function createHttp(): KyInstance {
  return ky.create({ retry: 0, headers: { accept: 'application/json' } });
}

export const CORRELATION_HEADER = 'ININ-Correlation-Id';

/** The abort reason of an attempt whose time ran out (bounded-request.ts), headers or body. */
export class AttemptTimedOut extends Error {
  override readonly name = 'AttemptTimedOut';
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

/**
 * The failures that prove a request was never written, so Genesys cannot have acted on it: the
 * connection could not be made, or the host's name not resolved. Node reports a failed connect with
 * `syscall: 'connect'` (lib/net.js `afterConnect`: `ExceptionWithHostPort(status, 'connect', …)`) and
 * a failed lookup with `syscall: 'getaddrinfo'`; undici gives up connecting with
 * `UND_ERR_CONNECT_TIMEOUT` (its `onConnectTimeout` destroys the socket before it connected). The
 * same codes on a socket already open, a reused keep-alive connection, come with `syscall: 'read'`
 * or `'write'`, after the request may have been written: an `EHOSTUNREACH` there proves nothing, and
 * a call POST that met it may have placed the call. Checked on Node 20.20 / undici 6.24.1: a refused
 * connection is `connect ECONNREFUSED`, an unknown host `getaddrinfo ENOTFOUND`, and a reset on a
 * reused socket whose server had read the POST is `read ECONNRESET`
 * (test/integration/bounded-request.test.ts).
 */
const NEVER_WRITTEN_SYSCALLS = new Set(['connect', 'getaddrinfo']);
const NEVER_WRITTEN_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT']);

/** Whether fetch's failure (its `cause`) proves the request never left. */
export function provesNeverWritten(cause: { code?: unknown; syscall?: unknown } | undefined): boolean {
  if (cause === undefined) return false;
  return NEVER_WRITTEN_SYSCALLS.has(cause.syscall as string) || NEVER_WRITTEN_CODES.has(cause.code as string);
}

/**
 * Any failure of a request → a typed Genesys error, an HTTP error with its ErrorBody read (the body
 * is already in memory: bounded-request.ts reads it within the attempt's bound).
 */
export async function toGenesysError(error: unknown, operation: GenesysOperation): Promise<Error> {
  if (isHTTPError(error)) {
    const { response } = error;
    const body = await response.text().then(parseJson, () => undefined);
    const errorBody = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody & OAuthErrorBody;
    return new GenesysError(
      {
        operation,
        status: response.status,
        code: errorBody.code ?? errorBody.error,
        genesysMessage: errorBody.message ?? errorBody.error_description ?? errorBody.description,
        messageParams: errorBody.messageParams,
        correlationId: response.headers.get(CORRELATION_HEADER) ?? errorBody.contextId ?? undefined,
        retryAfterSeconds: retryAfterSeconds(response.headers) || undefined,
      },
      { cause: error },
    );
  }
  if (error instanceof AttemptTimedOut) return new GenesysTimeoutError(operation, error.timeoutMs, { cause: error });
  // fetch reports network failures (before the answer, or `terminated` during its body) as a
  // TypeError with the socket error as its cause. Checked by name, not instanceof: the error may
  // come from another realm (jest's sandbox, for one).
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: string; syscall?: string } };
  if (name === 'TypeError' && (message === 'fetch failed' || cause?.code !== undefined)) {
    return new GenesysNetworkError(operation, !provesNeverWritten(cause), { cause: error });
  }
  return error instanceof Error ? error : new Error('Genesys request failed', { cause: error });
}

/** The text as JSON (`null` included); `undefined` when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
