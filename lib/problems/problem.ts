import type { APIGatewayProxyResult } from 'aws-lambda';
import { ConfigurationError } from '../config';
import type { ProblemDetails } from './errors';
import { ProblemError } from './errors';
import type { GenesysOperation } from '../genesys/errors';
import { CredentialsError, GenesysError, GenesysNetworkError, GenesysNotSentError, GenesysTimeoutError, STATION_EDGE_ERROR_CODE } from '../genesys/errors';
import { MALFORMED_TOKEN_RESPONSE } from '../genesys/oauth';
import { HashKeyError } from '../aws/hash-key';
import { withoutUndefined } from './object';
import { maskNumbersIn } from '../telemetry/masking';
import type { ProblemCode } from './problem-types';
import { PROBLEM_TYPES, problemTypeUri } from './problem-types';

/** Who chose the parts of the call Genesys may refuse: decides whether a refusal is the caller's fault. */
export interface CallContext {
  readonly userChosenBy?: 'request' | 'configuration';
  readonly queueFromRequest?: boolean;
}

interface GenesysRule {
  readonly operation?: GenesysOperation;
  /** An exact status, or the first digit of a class (`5` for any 5xx). */
  readonly status?: number | `${1 | 2 | 3 | 4 | 5}xx`;
  readonly code?: string | RegExp;
  readonly problem: ProblemCode;
  /** The status when the caller chose the user or queue Genesys refused (their fault, not ours). */
  readonly statusIfCallerChose?: number;
  readonly detail: (error: GenesysError) => string;
}

/**
 * Genesys outcome → problem, first match wins: design.md's mapping table, row for row.
 * Codes are those documented for POST /api/v2/conversations/calls (facts.md §3).
 */
export const GENESYS_RULES: readonly GenesysRule[] = [
  {
    operation: 'token',
    status: 400,
    problem: 'genesys_auth_failed',
    detail: (e) =>
      `The Genesys login refused the OAuth client (${e.code ?? 'status 400'}). Give the client the Client Credentials grant and check GENESYS_REGION.`,
  },
  {
    operation: 'token',
    status: 401,
    problem: 'genesys_auth_failed',
    detail: (e) =>
      `The Genesys login refused the OAuth client id or secret (${e.code ?? 'status 401'}), also after re-reading the secret. Check the secret's clientId and clientSecret and that they belong to this region.`,
  },
  {
    // A 2xx without a token: an HTML page from a proxy or firewall, `null`, JSON without the fields.
    operation: 'token',
    code: MALFORMED_TOKEN_RESPONSE,
    problem: 'genesys_unexpected_response',
    detail: (e) =>
      `The Genesys login answered ${e.status} without a usable token (not JSON, or no access_token or expires_in); a proxy or firewall may be answering in its place. No call was placed. Check GENESYS_REGION (or GENESYS_LOGIN_URL).`,
  },
  {
    // A read of a call this service placed: "no call was placed" would be false.
    operation: 'read',
    status: 429,
    problem: 'genesys_rate_limited',
    detail: (e) => `Genesys's rate limit was reached when asked about the call${e.retryAfterSeconds ? `; retry after ${e.retryAfterSeconds} seconds` : ''}.`,
  },
  {
    status: 429,
    problem: 'genesys_rate_limited',
    detail: (e) =>
      `Genesys's rate limit was reached${e.retryAfterSeconds ? `; retry after ${e.retryAfterSeconds} seconds` : ''}. No call was placed.`,
  },
  {
    operation: 'token',
    problem: 'genesys_unavailable',
    detail: (e) => `The Genesys login answered ${e.status}; no call was placed. Try again later.`,
  },
  // Reads of a call this service placed (GET /calls/{id} asking Genesys, doctor-outcomes §B1).
  {
    operation: 'read',
    status: 403,
    problem: 'genesys_forbidden',
    detail: (e) => {
      const missing = missingPermissions(e);
      const refusal = !missing
        ? ` (${e.code ?? '403'})`
        : missing.anyOne
          ? `: the OAuth client's role has none of ${missing.list} (any one is enough)`
          : `: the OAuth client's role lacks ${missing.list}`;
      return `Genesys refused to show the call${refusal}. Reading a call's outcome needs conversation:communication:view.`;
    },
  },
  {
    operation: 'read',
    status: 404,
    problem: 'genesys_unexpected_response',
    detail: () =>
      'Genesys does not know this conversation, though this service placed it, so it is not asked about it again. Check that GENESYS_REGION is the region the call was placed in.',
  },
  {
    operation: 'read',
    status: '5xx',
    problem: 'genesys_unavailable',
    detail: (e) => `Genesys answered ${e.status} when asked about the call. Nothing was changed; try again later.`,
  },
  {
    status: 400,
    code: 'not.a.user',
    problem: 'genesys_user_context_required',
    detail: () =>
      'Genesys places calls from a user\'s station, and POST /api/v2/conversations/calls refuses client-credentials tokens. Set GENESYS_CALL_USER_ID, or pass userId, so the call goes to /api/v2/conversations/calls/user/{userId}.',
  },
  {
    status: 400,
    code: 'conversation.error.no.user.station',
    problem: 'genesys_user_has_no_station',
    statusIfCallerChose: 409,
    detail: () =>
      'The Genesys user has no station (phone) to place the call from. Assign the user a station in Genesys Cloud, or call on behalf of a user who has one.',
  },
  {
    status: 400,
    problem: 'genesys_rejected_request',
    // Genesys's own words are the most useful fix; its invalid.value message quotes the value,
    // which may be a phone number: numbers in it are masked like everywhere else.
    detail: (e) => `Genesys rejected the request${e.code ? ` (${e.code})` : ''}: ${maskNumbersIn(e.genesysMessage ?? 'no message given')}`,
  },
  {
    status: 401,
    problem: 'genesys_auth_failed',
    detail: () => 'Genesys refused the access token, also a freshly issued one. Check that the OAuth client is active.',
  },
  {
    status: 403,
    problem: 'genesys_forbidden',
    detail: (e) => {
      const missing = missingPermissions(e);
      if (!missing) return `Genesys refused the action (${e.code ?? '403'}). The OAuth client's role needs conversation:call:add or conversation:agentlessCall:add for /calls/user/{userId}.`;
      if (missing.anyOne) return `The OAuth client's role has none of the Genesys permissions ${missing.list}; any one of them is enough. Add one to the role granted to the client.`;
      return missing.count === 1
        ? `The OAuth client's role lacks the Genesys permission ${missing.list}. Add it to the role granted to the client.`
        : `The OAuth client's role lacks the Genesys permissions ${missing.list}. Add them to the role granted to the client.`;
    },
  },
  {
    status: 404,
    problem: 'genesys_not_found',
    statusIfCallerChose: 422,
    detail: () => 'Genesys does not know the user or queue the call names. Check userId/queueId (or GENESYS_CALL_USER_ID) and the region.',
  },
  {
    // The POST succeeded, so the call exists; only its id is missing.
    operation: 'createCall',
    status: '2xx',
    problem: 'genesys_unexpected_response',
    detail: (e) =>
      `Genesys accepted the call (status ${e.status}) but its answer holds no conversation id. The call may have been placed: check the user's recent conversations before trying again.`,
  },
  {
    operation: 'createCall',
    status: '5xx',
    code: STATION_EDGE_ERROR_CODE,
    problem: 'genesys_unavailable',
    detail: () =>
      "Genesys could not place the call from the user's station: its Edge is missing or offline. No call was placed. Check the station's Edge assignment in Genesys Cloud.",
  },
  {
    status: '5xx',
    problem: 'genesys_unavailable',
    detail: (e) =>
      `Genesys answered ${e.status}. The call may or may not have been placed; check the user's recent conversations before trying again.`,
  },
  {
    problem: 'genesys_unexpected_response',
    detail: (e) => `Genesys answered ${e.status}${e.code ? ` ${e.code}` : ''}, which this service does not expect. No retry was made.`,
  },
];

/**
 * The permissions a Genesys 403 names, from its messageParams (one value may list several, comma
 * separated). `missing.any.permissions` means "at least one of the following" and
 * `missing.permissions` "all of the following" (facts.md §3): the fix differs.
 */
function missingPermissions(error: GenesysError): { list: string; count: number; anyOne: boolean } | undefined {
  const names = Object.values(error.messageParams ?? {})
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return undefined;
  return { list: names.join(', '), count: names.length, anyOne: error.code === 'missing.any.permissions' && names.length > 1 };
}

function matches(rule: GenesysRule, error: GenesysError): boolean {
  if (rule.operation && rule.operation !== error.operation) return false;
  if (typeof rule.status === 'number' && rule.status !== error.status) return false;
  if (typeof rule.status === 'string' && String(error.status)[0] !== rule.status[0]) return false;
  if (typeof rule.code === 'string' && rule.code !== error.code) return false;
  if (rule.code instanceof RegExp && !rule.code.test(error.code ?? '')) return false;
  return true;
}

const CREDENTIALS_DETAIL = {
  unavailable: (e: CredentialsError) =>
    `The Genesys OAuth client could not be read from Secrets Manager (${e.reason}). Check GENESYS_CREDENTIALS_SECRET_ID and that the function's role may call secretsmanager:GetSecretValue on it.`,
  unreachable: (e: CredentialsError) =>
    `The Genesys OAuth client could not be read: Secrets Manager could not be reached (${e.reason}). If that is the local emulator, start it: npm start or npm run emulator. In AWS, check the function's network path to Secrets Manager.`,
  invalid: (e: CredentialsError) => `The Genesys OAuth client secret is malformed: ${e.reason}.`,
} as const;

// The stack's hash key is used before anything is sent (an idempotency fingerprint is made before the
// store is asked, a suppression check before Genesys): when it fails, nothing was sent.
const HASH_KEY_DETAIL = {
  unavailable: (e: HashKeyError) =>
    `The stack's hash key could not be read from Secrets Manager (${e.reason}); it keys the idempotency fingerprints and the suppression list, so the request was refused before anything was sent to Genesys. Check HASH_KEY_SECRET_ID and that the function's role may call secretsmanager:GetSecretValue on it.`,
  unreachable: (e: HashKeyError) =>
    `The stack's hash key could not be read: Secrets Manager could not be reached (${e.reason}), so the request was refused before anything was sent to Genesys. If that is the local emulator, start it: npm start or npm run emulator. In AWS, check the function's network path to Secrets Manager.`,
  invalid: (e: HashKeyError) =>
    `The stack's hash key secret${e.secretId ? ` ${e.secretId}` : ''} is not a usable key (${e.reason}), so the request was refused before anything was sent to Genesys. The stack generates it: restore its generated value, never a hand-written one.`,
} as const;

/** Any error → the problem the caller gets. Errors the service does not know become `internal_error`. */
export function toProblem(error: unknown, context: CallContext = {}): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof ConfigurationError) {
    return new ProblemError('configuration_error', { detail: error.message, extensions: { variable: error.variable } });
  }
  if (error instanceof GenesysError) return fromGenesysError(error, context);
  if (error instanceof GenesysTimeoutError) {
    return new ProblemError('genesys_timeout', {
      detail:
        error.operation === 'createCall'
          ? `Genesys did not answer within ${error.timeoutMs} ms. The call may have been placed: check the user's recent conversations before trying again.`
          : error.operation === 'read'
            ? `Genesys did not answer within ${error.timeoutMs} ms when asked about the call. Try again later.`
            : `The Genesys login did not answer within ${error.timeoutMs} ms. No call was placed.`,
      cause: error,
    });
  }
  if (error instanceof GenesysNotSentError) {
    return new ProblemError('genesys_timeout', {
      detail: `No call was placed: only ${error.timeLeftMs} ms of the function's time was left, too little to send the call and hear the answer. Retry; if it recurs, raise the function's timeout.`,
      cause: error,
    });
  }
  if (error instanceof GenesysNetworkError) {
    const mayBePlaced = error.operation === 'createCall' && error.requestMayHaveArrived;
    return new ProblemError('genesys_unavailable', {
      detail: mayBePlaced
        ? 'The connection to Genesys broke before it answered. The call may have been placed: check before trying again.'
        : error.operation === 'read'
          ? 'Genesys could not be reached when asked about the call. Try again later.'
          : 'Genesys could not be reached. No call was placed.',
      cause: error,
    });
  }
  if (error instanceof CredentialsError) {
    const code = error.kind === 'invalid' ? 'credentials_invalid' : 'credentials_unavailable';
    return new ProblemError(code, { detail: CREDENTIALS_DETAIL[error.kind](error), cause: error });
  }
  if (error instanceof HashKeyError) {
    if (error.kind === 'unconfigured') {
      return new ProblemError('configuration_error', {
        detail: `The service is misconfigured: HASH_KEY_SECRET_ID is not set, so the stack's hash key (which keys the idempotency fingerprints and the suppression list) cannot be read. The request was refused before anything was sent to Genesys.`,
        extensions: { variable: 'HASH_KEY_SECRET_ID' },
        cause: error,
      });
    }
    return new ProblemError('hash_key_unavailable', { detail: HASH_KEY_DETAIL[error.kind](error), cause: error });
  }
  // Unknown errors may come after the POST: nothing is said about whether the call was placed.
  return new ProblemError('internal_error', { detail: 'The service failed unexpectedly; the error is logged with the request id.', cause: error });
}

function fromGenesysError(error: GenesysError, context: CallContext): ProblemError {
  const rule = GENESYS_RULES.find((candidate) => matches(candidate, error)) ?? GENESYS_RULES[GENESYS_RULES.length - 1];
  const callerChose =
    context.userChosenBy === 'request' || (rule.problem === 'genesys_not_found' && context.queueFromRequest === true);
  const details: ProblemDetails = {
    detail: rule.detail(error),
    status: callerChose ? rule.statusIfCallerChose : undefined,
    genesys: { status: error.status, code: error.code, correlationId: error.correlationId },
    retryAfterSeconds: error.retryAfterSeconds,
    cause: error,
  };
  return new ProblemError(rule.problem, details);
}

/** The HTTP status a problem is answered with. */
export function problemStatus(problem: ProblemError): number {
  return problem.details.status ?? PROBLEM_TYPES[problem.code].status;
}

/** The RFC 9457 body: `type`, `title`, `status`, `detail`, and our `code`, `field`, `errors`, `genesys`. */
export function problemBody(problem: ProblemError): Record<string, unknown> {
  const { detail, field, errors, genesys, extensions } = problem.details;
  return {
    type: problemTypeUri(problem.code),
    title: PROBLEM_TYPES[problem.code].title,
    status: problemStatus(problem),
    detail,
    code: problem.code,
    ...(field === undefined ? {} : { field }),
    ...(errors && errors.length > 1 ? { errors } : {}),
    ...extensions,
    ...(genesys ? { genesys: withoutUndefined(genesys) } : {}),
  };
}

/** The API Gateway answer (valid for REST API and HTTP API payloads alike). */
export function problemResult(problem: ProblemError, headers: Record<string, string> = {}): APIGatewayProxyResult {
  const retryAfter = problem.details.retryAfterSeconds;
  const correlationId = problem.details.genesys?.correlationId;
  return {
    statusCode: problemStatus(problem),
    headers: {
      'content-type': 'application/problem+json',
      ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}),
      ...(correlationId ? { 'inin-correlation-id': correlationId } : {}),
      ...headers,
    },
    body: JSON.stringify(problemBody(problem)),
  };
}
