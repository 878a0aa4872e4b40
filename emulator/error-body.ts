import createCallSpec from './createcall-openapi.json';
import type { Exchange, Reply } from './exchange';

/** Genesys's error shape (ErrorBody in createcall-openapi.json), as far as the emulator fills it. */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  messageParams?: Record<string, string>;
  contextId: string;
  details: Array<{ fieldName?: string; errorCode?: string; entityId?: string }>;
  errors: ErrorBody[];
}

interface CatalogEntry {
  status: number;
  /** The message template; `%s` slots are filled in order. */
  message: string;
}

type SpecResponses = Record<string, { 'x-inin-error-codes'?: Record<string, string> }>;

/**
 * Codes and messages that Genesys documents for POST /api/v2/conversations/calls, read from the
 * spec copy beside this file rather than retyped, so the emulator says exactly what the spec says.
 */
const DOCUMENTED: Record<string, CatalogEntry> = Object.fromEntries(
  Object.entries(createCallSpec.operation_2018_verbatim.spec.responses as SpecResponses).flatMap(([status, response]) =>
    Object.entries(response['x-inin-error-codes'] ?? {}).map(([code, message]) => [code, { status: Number(status), message }]),
  ),
);

/** Codes the 2018 spec does not list. */
const UNDOCUMENTED: Record<string, CatalogEntry> = {
  // The normalized 429 since 2021-11-10 (facts §3 [F429]).
  'too.many.requests.retry.after': {
    status: 429,
    message: 'Rate limit exceeded the maximum. Retry the request in [%s] seconds',
  },
  // Emulator choice (unverified): Genesys's code and message for a wrong HTTP method.
  'method.not.allowed': { status: 405, message: 'The requested HTTP method is not allowed for this resource.' },
  // Emulator choice (unverified): Genesys documents no 502 for this operation; a gateway in front of it may send one.
  'bad.gateway': { status: 502, message: 'The server received an invalid response from an upstream server.' },
};

export const CATALOG: Readonly<Record<string, CatalogEntry>> = { ...DOCUMENTED, ...UNDOCUMENTED };

/** The code a `status` fault gets when it names none. */
const DEFAULT_CODE_FOR_STATUS: Record<number, string> = {
  400: 'bad.request',
  401: 'bad.credentials',
  403: 'not.authorized',
  404: 'not.found',
  405: 'method.not.allowed',
  415: 'unsupported.media.type',
  429: 'too.many.requests.retry.after',
  500: 'internal.server.error',
  502: 'bad.gateway',
  503: 'service.unavailable',
  504: 'request.timeout',
};

export function defaultCodeFor(status: number): string {
  return DEFAULT_CODE_FOR_STATUS[status] ?? (status >= 500 ? 'internal.server.error' : 'bad.request');
}

/** Fills `%s` slots in order; slots with no value left become empty. */
export function fillTemplate(template: string, values: readonly string[]): string {
  let next = 0;
  return template.replace(/%s/g, () => values[next++] ?? '');
}

export interface GenesysErrorOptions {
  /** Defaults to the catalog's status for `code`, else 400. */
  status?: number;
  /** Defaults to the catalog's message for `code`, with `%s` filled from `fill`. */
  message?: string;
  fill?: readonly string[];
  messageParams?: Record<string, string>;
  details?: ErrorBody['details'];
  headers?: Record<string, string>;
}

/** A Genesys error reply: an ErrorBody whose `contextId` is this exchange's correlation id. */
export function genesysError(exchange: Pick<Exchange, 'correlationId'>, code: string, options: GenesysErrorOptions = {}): Reply {
  const entry = CATALOG[code];
  const status = options.status ?? entry?.status ?? 400;
  const message = options.message ?? fillTemplate(entry?.message ?? code, options.fill ?? []);
  const body: ErrorBody = {
    message,
    code,
    status,
    ...(options.messageParams === undefined ? {} : { messageParams: options.messageParams }),
    contextId: exchange.correlationId,
    details: options.details ?? [],
    errors: [],
  };
  return { status, body, ...(options.headers === undefined ? {} : { headers: options.headers }) };
}
