import type { KyInstance } from 'ky';
import ky, { isHTTPError, isTimeoutError } from 'ky';
import type { ErrorBody, GenesysOperation, OAuthErrorBody } from './errors';
import { GenesysError, GenesysNetworkError, GenesysTimeoutError } from './errors';
import { retryAfterSeconds } from './retry-policy';

/** One ky instance per container: no retries unless a request asks (see retry-policy.ts). */
export function createHttp(): KyInstance {
  return ky.create({ retry: 0, headers: { accept: 'application/json' } });
}

export const CORRELATION_HEADER = 'ININ-Correlation-Id';

/**
 * Time kept back from the Lambda's deadline for everything after the Genesys answer (mapping,
 * logging, returning), so the function answers instead of being cut off.
 */
export const DEADLINE_RESERVE_MS = 250;

/** The timeout of one attempt: the configured one, or less if the Lambda's deadline comes first. */
export function attemptTimeout(timeoutMs: number, deadline: number, now = Date.now()): number {
  return Math.max(1, Math.min(timeoutMs, deadline - now - DEADLINE_RESERVE_MS));
}

// Node's fetch (undici) error codes that mean no connection was made: the request never left.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Any failure of a ky request → a typed Genesys error, with the ErrorBody and correlation id read. */
export async function toGenesysError(error: unknown, operation: GenesysOperation, timeoutMs: number): Promise<Error> {
  if (isHTTPError(error)) {
    const { response } = error;
    const body = await readJson(response);
    const errorBody = body as ErrorBody & OAuthErrorBody;
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
  if (isTimeoutError(error)) return new GenesysTimeoutError(operation, timeoutMs, { cause: error });
  // fetch reports network failures as a TypeError with the socket error as its cause. Checked by
  // name, not instanceof: the error may come from another realm (jest's sandbox, for one).
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: string } };
  if (name === 'TypeError' && (message === 'fetch failed' || cause?.code !== undefined)) {
    const code = cause?.code;
    return new GenesysNetworkError(operation, !(code && NOT_CONNECTED.has(code)), { cause: error });
  }
  return error instanceof Error ? error : new Error('Genesys request failed', { cause: error });
}

/** The body as a JSON object; `{}` when it is empty, not JSON, or not an object. */
export async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
