import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import restApiEnvelope from '../fixtures/aws-events/apigw-rest-v1-request.json';
import httpApiEnvelope from '../fixtures/aws-events/apigw-v2-request-iam.json';

/**
 * Request events built on the envelopes AWS really delivers (test/fixtures/aws-events): only the
 * method, path, headers and body are replaced, as the fixtures' README asks.
 */
export function httpApiEvent(body: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const envelope = structuredClone(httpApiEnvelope);
  return {
    ...envelope,
    routeKey: 'POST /calls',
    rawPath: '/calls',
    rawQueryString: '',
    queryStringParameters: undefined,
    pathParameters: undefined,
    headers: { 'content-type': 'application/json', ...lowerCaseKeys(headers) },
    requestContext: {
      ...envelope.requestContext,
      routeKey: 'POST /calls',
      http: { ...envelope.requestContext.http, method: 'POST', path: '/calls' },
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/** `GET /calls/{conversationId}` on the HTTP API, with the IAM authorizer's context of the fixture. */
export function httpApiGetCallEvent(conversationId: string): APIGatewayProxyEventV2 {
  const envelope = structuredClone(httpApiEnvelope);
  const path = `/calls/${conversationId}`;
  return {
    ...envelope,
    routeKey: 'GET /calls/{conversationId}',
    rawPath: path,
    rawQueryString: '',
    queryStringParameters: undefined,
    pathParameters: { conversationId },
    headers: {},
    requestContext: {
      ...envelope.requestContext,
      routeKey: 'GET /calls/{conversationId}',
      http: { ...envelope.requestContext.http, method: 'GET', path },
    },
    body: undefined,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/**
 * The event as another IAM principal signed it: the HTTP API's IAM authorizer context names that
 * principal's ARN (for an assumed role, `arn:aws:sts::<account>:assumed-role/<role>/<session>`).
 */
export function signedBy(event: APIGatewayProxyEventV2, userArn: string): APIGatewayProxyEventV2 {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & { authorizer?: { iam?: Record<string, unknown> } };
  return { ...event, requestContext: { ...context, authorizer: { iam: { ...context.authorizer?.iam, userArn } } } } as APIGatewayProxyEventV2;
}

export function restApiEvent(body: unknown, headers: Record<string, string> = {}): APIGatewayProxyEvent {
  const envelope = structuredClone(restApiEnvelope);
  const allHeaders = { ...envelope.headers, 'Content-Type': 'application/json', ...headers } as Record<string, string>;
  return {
    ...envelope,
    resource: '/calls',
    path: '/calls',
    httpMethod: 'POST',
    headers: allHeaders,
    multiValueHeaders: Object.fromEntries(Object.entries(allHeaders).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    requestContext: { ...envelope.requestContext, resourcePath: '/calls', httpMethod: 'POST', path: '/calls' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEvent;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Any route on the HTTP API, with the IAM authorizer's context of the fixture. */
export function httpApiRequest(request: {
  method: string;
  routeKey: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const envelope = structuredClone(httpApiEnvelope);
  return {
    ...envelope,
    routeKey: request.routeKey,
    rawPath: request.path,
    rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
    queryStringParameters: request.query,
    pathParameters: request.pathParameters,
    headers: { ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...lowerCaseKeys(request.headers ?? {}) },
    requestContext: {
      ...envelope.requestContext,
      routeKey: request.routeKey,
      http: { ...envelope.requestContext.http, method: request.method, path: request.path },
    },
    body: request.body,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/** A POST of `body` (JSON) to a route of the HTTP API (`/suppressions`, …), with the IAM authorizer's context of the fixture. */
export function httpApiPostEvent(path: string, body: unknown): APIGatewayProxyEventV2 {
  return httpApiRequest({ method: 'POST', routeKey: `POST ${path}`, path, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
