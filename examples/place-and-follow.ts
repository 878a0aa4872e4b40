/**
 * Places one call through the service's API and follows its outcome until it ends: the client code
 * another team would write. Requests are signed (SigV4, service `execute-api`) with the AWS SDK's
 * own signer and the default credential chain (environment, AWS_PROFILE, SSO, roles), as API
 * Gateway's IAM authorization requires; the request and answer types are generated from
 * openapi.yaml (api-types.ts, `npm run example:types`), so the example follows the contract.
 *
 *   npm run example -- "(415) 555-0100"                      # against npm start (local/local keys)
 *   API_URL=https://<api id>.execute-api.eu-west-1.amazonaws.com AWS_REGION=eu-west-1 \
 *     AWS_PROFILE=<profile> npm run example -- "+353 1 234 5678"
 */
import { randomUUID } from 'node:crypto';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { components, operations } from './api-types';

type CallRequest = operations['createCall']['requestBody']['content']['application/json'];
type CallPlaced = components['schemas']['CallPlaced'];
type CallOutcome = components['schemas']['CallOutcome'];
type Problem = components['schemas']['Problem'];

const API_URL = process.env.API_URL ?? `http://127.0.0.1:${process.env.OFFLINE_PORT ?? '3000'}`;
const REGION = process.env.AWS_REGION ?? 'us-east-1';
/** How long to follow a call before giving up, and how often to ask. */
const FOLLOW_MS = 60_000;
const POLL_MS = 1_000;

const signer = new SignatureV4({
  service: 'execute-api',
  region: REGION,
  credentials: fromNodeProviderChain(),
  sha256: Hash.bind(null, 'sha256'),
});

/** One signed request to the API; the answer's JSON with its status. */
async function signedRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const url = new URL(path, API_URL);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: {},
    headers: { host: url.host, ...(text === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(text === undefined ? {} : { body: text }),
  });
  const response = await fetch(url, { method, headers: signed.headers, ...(text === undefined ? {} : { body: text }), signal: AbortSignal.timeout(30_000) });
  const answer = (await response.json()) as T;
  return { status: response.status, body: answer };
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'code' in body && 'detail' in body;
}

/** Places the call once: the Idempotency-Key makes a retry of this request safe. */
async function placeCall(request: CallRequest): Promise<CallPlaced> {
  const { status, body } = await signedRequest<CallPlaced | Problem>('POST', '/calls', request, { 'Idempotency-Key': randomUUID() });
  if (status !== 201 || isProblem(body)) throw new Error(`POST /calls answered ${status}: ${isProblem(body) ? `${body.code}: ${body.detail}` : JSON.stringify(body)}`);
  return body;
}

/** Asks for the call's outcome every second until it has ended, printing each change. */
async function followCall(conversationId: string): Promise<CallOutcome> {
  const deadline = Date.now() + FOLLOW_MS;
  let last: string | undefined;
  while (Date.now() < deadline) {
    const { status, body } = await signedRequest<CallOutcome | Problem>('GET', `/calls/${encodeURIComponent(conversationId)}`);
    if (status !== 200 || isProblem(body)) throw new Error(`GET /calls/${conversationId} answered ${status}: ${JSON.stringify(body)}`);
    if (body.status !== last) console.log(`${new Date().toISOString()} ${body.status}${body.answered === null ? '' : body.answered ? ', answered' : ', not answered'}`);
    last = body.status;
    if (body.status === 'ended') return body;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`call ${conversationId} had not ended after ${FOLLOW_MS / 1000} s`);
}

async function main(): Promise<void> {
  const to = process.argv[2];
  if (!to) throw new Error('Usage: npm run example -- "<number to call>"');
  const placed = await placeCall({ to });
  console.log(`placed ${placed.conversationId} to ${placed.to}`);
  const outcome = await followCall(placed.conversationId);
  console.log(JSON.stringify(outcome));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
