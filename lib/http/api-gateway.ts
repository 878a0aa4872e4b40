import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { ProblemError } from '../problems/errors';
import { IDEMPOTENCY_KEY } from '../idempotency/run-once';

/** Both payloads API Gateway delivers: REST API (1.0) and HTTP API (2.0). */
export type ApiGatewayEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

/**
 * A call request is a few hundred bytes; 16 KiB leaves room for attributes at their caps and keeps
 * a hostile body from costing parse time. API Gateway's own limit (10 MB) is far above it.
 */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The request body as parsed JSON; `400 invalid_json` or `413 request_too_large` (over `maxBytes`)
 * otherwise.
 */
export function readJsonBody(event: ApiGatewayEvent, maxBytes = MAX_BODY_BYTES): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ProblemError('request_too_large', { detail: `The body is ${bytes} bytes; at most ${maxBytes} are accepted.` });
  }
  if (text.trim() === '') {
    throw new ProblemError('invalid_json', { detail: 'The body is empty; send a JSON object such as {"to": "+1 202 555 0143"}.' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's parse message quotes the input, which may hold a phone number: it is not passed on.
    throw new ProblemError('invalid_json', { detail: 'The body is not valid JSON; send a JSON object such as {"to": "+1 202 555 0143"}.' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProblemError('invalid_json', { detail: 'The body must be a JSON object such as {"to": "+1 202 555 0143"}.' });
  }
  return value;
}

// The IETF HTTPAPI draft's header; its value is an opaque string chosen by the client.
const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The `Idempotency-Key` header, or undefined; `400 invalid_request` if it is not 1–255 visible ASCII characters. */
export function readIdempotencyKey(event: ApiGatewayEvent): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === IDEMPOTENCY_HEADER);
  if (!entry || entry[1] === undefined) return undefined;
  const key = entry[1].trim();
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ProblemError('invalid_request', {
      detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).',
      field: 'Idempotency-Key',
    });
  }
  return key;
}

/**
 * Who is calling, as API Gateway authenticated them (the IAM principal); idempotency keys are
 * scoped to it. An assumed role counts as the role, not the session: session names change when a
 * client refreshes its credentials, and its retries must land in the same scope. Unauthenticated
 * routes share one scope.
 */
export function callerIdentity(event: ApiGatewayEvent): string {
  const context = (event.requestContext ?? {}) as {
    authorizer?: { iam?: { userArn?: string; callerId?: string } };
    identity?: { userArn?: string | null; caller?: string | null };
  };
  const arn = context.authorizer?.iam?.userArn ?? context.identity?.userArn ?? undefined;
  if (arn) return arn.replace(/^(arn:[^:]+:sts::\d+:assumed-role\/[^/]+)\/.*$/, '$1');
  const caller = context.authorizer?.iam?.callerId ?? context.identity?.caller ?? undefined;
  // A role's caller id is "<role id>:<session name>": the role id alone names the role.
  return caller ? caller.split(':')[0] : 'anonymous';
}

/** The request id API Gateway assigned (shown in its access logs), for correlating with ours. */
export function apiRequestId(event: ApiGatewayEvent): string | undefined {
  return event.requestContext?.requestId;
}

export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
