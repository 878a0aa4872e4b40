/** Genesys's error body (facts.md §3): every field optional. */
export interface ErrorBody {
  message?: string;
  code?: string;
  status?: number;
  messageParams?: Record<string, string>;
  contextId?: string;
  details?: Array<{ errorCode?: string; fieldName?: string; entityId?: string; entityName?: string }>;
}

/** The OAuth token endpoint's error body: `{error, description, error_description}`. */
export interface OAuthErrorBody {
  error?: string;
  description?: string;
  error_description?: string;
}

/** `read`: a GET of a Genesys resource (get-json.ts). */
export type GenesysOperation = 'token' | 'createCall' | 'read';

interface GenesysErrorFields {
  readonly operation: GenesysOperation;
  readonly status: number;
  readonly code?: string;
  /** Genesys's own message; shown to callers only for 4xx answers about their input. */
  readonly genesysMessage?: string;
  readonly messageParams?: Readonly<Record<string, string>>;
  readonly correlationId?: string;
  readonly retryAfterSeconds?: number;
}

/**
 * The codes of a call POST's 500 when the user's station has no (active) Edge: Genesys says it is
 * "Unable to place call" (facts.md §3). Unlike any other 5xx, they tell that the call was not placed.
 */
export const STATION_EDGE_ERROR_CODE = /^providerapi\.error\./;

export function isStationEdgeError(error: GenesysError): boolean {
  return error.operation === 'createCall' && error.status >= 500 && STATION_EDGE_ERROR_CODE.test(error.code ?? '');
}

/** Genesys answered with an error status. */
export class GenesysError extends Error {
  override readonly name = 'GenesysError';

  constructor(fields: GenesysErrorFields, options?: { cause?: unknown }) {
    super(`Genesys ${fields.operation} answered ${fields.status}${fields.code ? ` ${fields.code}` : ''}`, options);
    Object.assign(this, fields);
  }
}

// The fields are the constructor's, merged into the class's type rather than declared twice.
export interface GenesysError extends GenesysErrorFields {}

/** No answer within the timeout. For the call POST the call may have been placed. */
export class GenesysTimeoutError extends Error {
  override readonly name = 'GenesysTimeoutError';
  constructor(
    readonly operation: GenesysOperation,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`Genesys ${operation} did not answer within ${timeoutMs} ms`, options);
  }
}

/**
 * The connection failed. `requestMayHaveArrived` is false only when the failure proves the request
 * was never written (a connect or DNS failure, http.ts `provesNeverWritten`): then Genesys cannot
 * have acted on it.
 */
export class GenesysNetworkError extends Error {
  override readonly name = 'GenesysNetworkError';
  constructor(
    readonly operation: GenesysOperation,
    readonly requestMayHaveArrived: boolean,
    options?: { cause?: unknown },
  ) {
    super(`Genesys ${operation} failed: no answer from the server`, options);
  }
}

/** Too little of the invocation's time was left to send the request: it was not sent. */
export class GenesysNotSentError extends Error {
  override readonly name = 'GenesysNotSentError';
  constructor(
    readonly operation: GenesysOperation,
    readonly timeLeftMs: number,
  ) {
    super(`Genesys ${operation} not sent: only ${timeLeftMs} ms of the invocation was left`);
  }
}

/** The OAuth client could not be read from Secrets Manager, or the secret is not the expected JSON. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  constructor(
    /** `unreachable`: no connection to Secrets Manager could be made; `reason` says where. */
    readonly kind: 'unavailable' | 'unreachable' | 'invalid',
    readonly secretId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Secret ${secretId}: ${reason}`, options);
  }
}
