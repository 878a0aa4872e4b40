/**
 * Small helpers for the emulator's tests: plain fetch over real HTTP, and the assertions that
 * every Genesys error shares. Not a test file (jest runs only *.test.ts).
 */
import { DEMO, type Emulator } from '../../emulator';

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON with Content-Type application/json unless headers say otherwise. */
  body?: string | object;
}

export async function send(url: string, path: string, request: HttpRequest = {}): Promise<HttpResult> {
  const isObject = typeof request.body === 'object';
  const response = await fetch(`${url}${path}`, {
    method: request.method ?? 'POST',
    headers: { ...(isObject ? { 'Content-Type': 'application/json' } : {}), ...request.headers },
    ...(request.body === undefined ? {} : { body: isObject ? JSON.stringify(request.body) : (request.body as string) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

export function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** A client-credentials token for the demo client, fetched the way a real client does. */
export async function clientToken(emulator: Emulator, clientSecret: string = DEMO.clientSecret): Promise<string> {
  const result = await send(emulator.url, '/oauth/token', {
    headers: { Authorization: basic(DEMO.clientId, clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (result.status !== 200) throw new Error(`token request answered ${result.status}: ${JSON.stringify(result.body)}`);
  return (result.body as { access_token: string }).access_token;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface ExpectedError {
  status: number;
  code: string;
  message: string | RegExp;
  details?: unknown[];
  messageParams?: Record<string, string>;
}

/** Asserts a whole Genesys ErrorBody, including that `contextId` is the ININ-Correlation-Id header. */
export function expectGenesysError(result: HttpResult, expected: ExpectedError): void {
  const correlationId = result.headers.get('inin-correlation-id');
  expect(correlationId).toMatch(UUID);
  expect(result.headers.get('content-type')).toBe('application/json');
  expect({ status: result.status, body: result.body }).toEqual({
    status: expected.status,
    body: {
      message: typeof expected.message === 'string' ? expected.message : expect.stringMatching(expected.message),
      code: expected.code,
      status: expected.status,
      ...(expected.messageParams === undefined ? {} : { messageParams: expected.messageParams }),
      contextId: correlationId,
      details: expected.details ?? [],
      errors: [],
    },
  });
}
