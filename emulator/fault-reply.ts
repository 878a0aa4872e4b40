import { awsError } from './aws-error';
import { defaultCodeFor, genesysError } from './error-body';
import { entryCount, putEventsAnswer } from './event-bus';
import type { Exchange, Reply } from './exchange';
import { oauthError } from './oauth-error';
import { isRestJsonErrorType, REST_JSON_ERRORS, restJsonError, type RestJsonErrorType } from './rest-json-error';
import type { EndpointName, Fault, GarbageBody } from './types';

/** The AWS services the emulator plays: their faults answer AWS JSON 1.1 errors. */
const AWS_ENDPOINTS: readonly EndpointName[] = ['getSecretValue', 'putEvents'];

/** EventBridge Scheduler's operations: their faults answer restJson1 errors. */
const SCHEDULER_ENDPOINTS: readonly EndpointName[] = ['createSchedule', 'getSchedule', 'deleteSchedule'];

/** The faults that answer in place of the endpoint; `delay`, `drop` and `stallBody` let the endpoint answer. */
export type AnsweringFault = Exclude<Fault, { kind: 'delay' | 'drop' | 'stallBody' }>;

/**
 * Emulator choice: what a `garbage` fault answers. The HTML page stands for a proxy or web
 * application firewall answering in the service's place; the others for a service that changed.
 */
const GARBAGE: Record<GarbageBody, { contentType: string; body: string }> = {
  html: {
    contentType: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html>\n<html><head><title>Request blocked</title></head><body><h1>Request blocked</h1></body></html>\n',
  },
  null: { contentType: 'application/json', body: 'null' },
  missingFields: { contentType: 'application/json', body: '{"status":"ok"}' },
};

/** A 429 without a `Retry-After` of its own gets this one: every 429 carries the header (facts §3 [F429]). */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** The AWS error type a `status` fault on GetSecretValue becomes when it names no `code`. */
const AWS_TYPE_FOR_STATUS: Record<number, string> = {
  400: 'InvalidRequestException',
  403: 'AccessDeniedException',
  429: 'ThrottlingException',
  500: 'InternalServiceError',
  503: 'ServiceUnavailableException',
};

/** The OAuth error code (RFC 6749 §5.2, §4.1.2.1) a `status` fault on the token endpoint gets when it names none. */
const OAUTH_CODE_FOR_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_client',
  503: 'temporarily_unavailable',
};

/** What Secrets Manager and EventBridge say when they throttle. */
const RATE_EXCEEDED = 'Rate exceeded';

/** The IAM action each AWS endpoint the emulator plays stands for, named by its AccessDeniedException. */
const IAM_ACTION: Partial<Record<EndpointName, string>> = {
  getSecretValue: 'secretsmanager:GetSecretValue',
  putEvents: 'events:PutEvents',
};

/** Status and message of an `awsError` fault that names neither. */
function awsErrorDefaults(type: string, endpoint: EndpointName): { status: number; message: string } | undefined {
  switch (type) {
    case 'ThrottlingException':
      return { status: 400, message: RATE_EXCEEDED };
    case 'InternalServiceError':
      return { status: 500, message: 'An error occurred on the server side.' };
    case 'AccessDeniedException':
      return { status: 400, message: `User is not authorized to perform: ${IAM_ACTION[endpoint]} because no identity-based policy allows it` };
    default:
      return undefined;
  }
}

/** The reply for a fault that answers instead of the endpoint (`rateLimit`, `status`, `awsError`, `garbage`). */
export function faultReply(endpoint: EndpointName, fault: AnsweringFault, exchange: Exchange): Reply {
  if (fault.kind === 'garbage') return { status: fault.status ?? 200, ...GARBAGE[fault.body] };
  if (fault.kind === 'failEntries') {
    // Emulator choice (unverified): the default error code and message of a refused entry.
    const refused = { ErrorCode: fault.errorCode ?? 'InternalFailure', ErrorMessage: fault.errorMessage ?? 'Internal service error.' };
    return putEventsAnswer(Array.from({ length: entryCount(exchange.rawBody) }, () => refused));
  }
  if (AWS_ENDPOINTS.includes(endpoint)) return awsFaultReply(fault, endpoint);
  if (SCHEDULER_ENDPOINTS.includes(endpoint)) return schedulerFaultReply(fault);
  if (fault.kind === 'rateLimit') {
    // Emulator choice (unverified): on the login host too, a 429 answers the platform's normalized
    // ErrorBody; only the API host's 429 is documented (facts §3 [F429]).
    const seconds = String(fault.retryAfterSeconds);
    return genesysError(exchange, 'too.many.requests.retry.after', { fill: [seconds], headers: { 'Retry-After': seconds } });
  }
  if (fault.kind === 'awsError') throw new TypeError('awsError faults apply only to getSecretValue, putEvents and the Scheduler operations.');
  const retryAfter = fault.status === 429 ? { 'Retry-After': String(DEFAULT_RETRY_AFTER_SECONDS) } : undefined;
  if (endpoint === 'token') {
    // Emulator choice (unverified): the login host's error bodies beyond unauthorized_client.
    const reply = oauthError(fault.status, fault.code ?? OAUTH_CODE_FOR_STATUS[fault.status] ?? (fault.status >= 500 ? 'server_error' : 'invalid_request'), fault.message ?? `The login service answered ${fault.status}.`);
    return { ...reply, headers: { ...reply.headers, ...retryAfter } };
  }
  const code = fault.code ?? defaultCodeFor(fault.status);
  return genesysError(exchange, code, {
    status: fault.status,
    ...(fault.message === undefined ? {} : { message: fault.message }),
    ...(fault.messageParams === undefined ? {} : { messageParams: fault.messageParams, fill: [Object.values(fault.messageParams).join(', ')] }),
    ...(retryAfter === undefined ? {} : { headers: retryAfter }),
  });
}

function awsFaultReply(fault: Exclude<AnsweringFault, { kind: 'garbage' | 'failEntries' }>, endpoint: EndpointName): Reply {
  const reply =
    fault.kind === 'awsError'
      ? awsError(
          fault.type,
          fault.message ?? awsErrorDefaults(fault.type, endpoint)?.message ?? fault.type,
          fault.status ?? awsErrorDefaults(fault.type, endpoint)?.status ?? 400,
        )
      : fault.kind === 'rateLimit'
        ? // Secrets Manager throttles with a 400 ThrottlingException, not a 429.
          awsError('ThrottlingException', RATE_EXCEEDED, 400)
        : awsError(
            fault.code ?? AWS_TYPE_FOR_STATUS[fault.status] ?? (fault.status >= 500 ? 'InternalServiceError' : 'InvalidRequestException'),
            fault.message ?? `${endpoint === 'putEvents' ? 'EventBridge' : 'Secrets Manager'} answered ${fault.status}.`,
            fault.status,
          );
  const retryAfter = fault.kind === 'rateLimit' ? fault.retryAfterSeconds : reply.status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : undefined;
  return retryAfter === undefined ? reply : { ...reply, headers: { ...reply.headers, 'Retry-After': String(retryAfter) } };
}

/**
 * A fault on a Scheduler operation: `awsError` names one of the model's errors (its status is the
 * model's), `rateLimit` is its ThrottlingException (429), `status` the model's error of that status.
 */
function schedulerFaultReply(fault: Exclude<AnsweringFault, { kind: 'garbage' | 'failEntries' }>): Reply {
  if (fault.kind === 'awsError') {
    if (!isRestJsonErrorType(fault.type)) throw new TypeError(`Scheduler's errors are ${Object.keys(REST_JSON_ERRORS).join(', ')}, not ${fault.type}.`);
    return restJsonError(fault.type, fault.message ?? fault.type);
  }
  if (fault.kind === 'rateLimit') return restJsonError('ThrottlingException', RATE_EXCEEDED);
  const type = (Object.keys(REST_JSON_ERRORS) as RestJsonErrorType[]).find((name) => REST_JSON_ERRORS[name] === fault.status);
  if (!type) throw new TypeError(`Scheduler's model has no error of status ${fault.status}.`);
  return restJsonError(type, fault.message ?? `EventBridge Scheduler answered ${fault.status}.`);
}
