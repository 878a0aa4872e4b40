/**
 * The two halves of one HTTP exchange as the handlers see them: a fully read request, and the
 * reply they want sent. Handlers never touch sockets, so every handler is a plain function of
 * request and state, and the server alone decides about faults, drops and logging.
 */

export interface Exchange {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
  /** Lower-case names, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The `ININ-Correlation-Id` of this exchange; Genesys error bodies repeat it as `contextId`. */
  correlationId: string;
  /** Set by a handler once it knows which of our tokens was presented (recorded with the request). */
  tokenKind?: 'client' | 'user';
}

export interface Reply {
  status: number;
  /** Serialized as JSON when not a string. Absent: no body. */
  body?: unknown;
  /** Default `application/json` when there is a body. */
  contentType?: string;
  headers?: Record<string, string>;
}

export function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The media type without parameters, lower-case: `application/json; charset=utf-8` -> `application/json`. */
export function mediaType(exchange: Exchange): string {
  return (header(exchange, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

export function parseJson(rawBody: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(rawBody) };
  } catch {
    return { ok: false };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
