import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import { httpApiEvent } from '../support/api-gateway-events';
import { coldContainer, lambdaContext, observed, parseBody, startEmulator } from '../support/harness';
import type { HungServer } from '../support/hung-server';
import { startHungServer } from '../support/hung-server';
import { answerErrors } from '../support/openapi';
import { writeReport } from '../support/test-report';

// Every fault the emulator can inject, against POST /calls, over real HTTP: the documented outcome
// (as openapi.yaml says) and the exact number of call POSTs. No call is ever placed twice. (A
// schedule's list is a batch now: the dialer meets these faults, test/integration/dial-queue.test.ts.) "placed" counts what the emulator placed, once every request has finished:
// a call that timed out on our side, or whose answer was lost, may still be placed, which is why
// neither is ever posted again.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

// A generous timeout, so a loaded machine cannot turn a slow answer into a timeout row.
const ENV = { GENESYS_TIMEOUT_MS: '3000' };

interface Row {
  fault: string;
  /** Run before the invocation under test, on its warm container (then the records are cleared). */
  warm?: boolean;
  inject: (emulator: Emulator) => Promise<void> | void;
  /** Settings of this row on top of ENV. */
  env?: Record<string, string>;
  /** An idempotency store in this state: POST /calls sends an Idempotency-Key. */
  store?: 'hung';
  remainingMs?: number;
  createCall: { status: number; code: string; posts: number };
}

const ROWS: Row[] = [
  {
    fault: '429, Retry-After 1 s, time to wait',
    inject: (e) => e.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 1 }),
    createCall: { status: 201, code: '201', posts: 2 },
  },
  {
    fault: '429, Retry-After 30 s, 10 s left',
    inject: (e) => e.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 30 }),
    remainingMs: 10_000,
    createCall: { status: 429, code: 'genesys_rate_limited', posts: 1 },
  },
  ...[500, 502, 503, 504].map(
    (status): Row => ({
      fault: `${status} on the call`,
      inject: (e) => e.inject('callsForUser', { kind: 'status', status }),
      createCall: { status: 502, code: 'genesys_unavailable', posts: 1 },
    }),
  ),
  {
    fault: 'no answer within the timeout',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('callsForUser', { kind: 'delay', ms: 2500 }),
    createCall: { status: 504, code: 'genesys_timeout', posts: 1 },
  },
  {
    fault: 'dropped connection',
    inject: (e) => e.inject('callsForUser', { kind: 'drop' }),
    createCall: { status: 502, code: 'genesys_unavailable', posts: 1 },
  },
  {
    fault: 'token endpoint down (503)',
    inject: (e) => e.inject('token', { kind: 'status', status: 503 }, 20),
    createCall: { status: 502, code: 'genesys_unavailable', posts: 0 },
  },
  {
    fault: 'token expired (1 s lifetime)',
    warm: true,
    inject: () => new Promise((resolve) => setTimeout(resolve, 1100)),
    createCall: { status: 201, code: '201', posts: 1 },
  },
  {
    fault: 'token revoked',
    warm: true,
    inject: (e) => e.revokeTokens(),
    createCall: { status: 201, code: '201', posts: 2 },
  },
  {
    fault: 'client secret rotated',
    warm: true,
    inject: (e) => {
      e.rotateClientSecret();
      e.revokeTokens();
    },
    createCall: { status: 201, code: '201', posts: 2 },
  },
  {
    fault: 'Secrets Manager throttling',
    inject: (e) => e.inject('getSecretValue', { kind: 'awsError', type: 'ThrottlingException' }, 20),
    createCall: { status: 500, code: 'credentials_unavailable', posts: 0 },
  },
  {
    fault: 'secret missing',
    inject: (e) => e.deleteSecret(DEMO.secretId),
    createCall: { status: 500, code: 'credentials_unavailable', posts: 0 },
  },
  {
    fault: 'call answer stalls after its headers (201 body never ends)',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('callsForUser', { kind: 'stallBody' }),
    createCall: { status: 504, code: 'genesys_timeout', posts: 1 },
  },
  {
    fault: 'token answer stalls after its headers',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('token', { kind: 'stallBody' }, 20),
    createCall: { status: 504, code: 'genesys_timeout', posts: 0 },
  },
  {
    fault: 'Secrets Manager answer stalls after its headers',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('getSecretValue', { kind: 'stallBody' }, 20),
    createCall: { status: 500, code: 'credentials_unavailable', posts: 0 },
  },
  ...(['html', 'null', 'missingFields'] as const).map(
    (body): Row => ({
      fault: `token answer 200 with garbage (${body})`,
      inject: (e) => e.inject('token', { kind: 'garbage', body }, 20),
      createCall: { status: 502, code: 'genesys_unexpected_response', posts: 0 },
    }),
  ),
  {
    fault: 'call answer 200 with an HTML page',
    inject: (e) => e.inject('callsForUser', { kind: 'garbage', body: 'html' }),
    createCall: { status: 502, code: 'genesys_unexpected_response', posts: 1 },
  },
  {
    fault: 'hung idempotency store',
    store: 'hung',
    inject: () => undefined,
    createCall: { status: 503, code: 'idempotency_store_unavailable', posts: 0 },
  },
];

interface Measured {
  answer: string;
  posts: number;
  placed: number;
}

const report: Array<Array<string | number>> = [];
afterAll(() =>
  writeReport('fault-matrix', {
    title: 'Fault matrix: each injected fault, what each function answered, and the call POSTs Genesys received',
    columns: ['fault', 'POST /calls', 'POSTs', 'placed'],
    rows: report,
  }),
);

// The store of a `store` row: a peer the real DynamoDB client reaches through AWS_ENDPOINT_URL_DYNAMODB.
let store: { server: HungServer; previousEndpoint: string | undefined } | undefined;
afterEach(async () => {
  if (!store) return;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = store.previousEndpoint;
  await store.server.stop();
  store = undefined;
});

/** A fresh container, warmed by one call if the fault needs an existing token, then the fault. */
async function prepare(row: Row): Promise<ReturnType<typeof coldContainer>> {
  emulator.reset();
  if (row.warm) emulator.setTokenLifetime(row.fault.startsWith('token expired') ? 1 : 86399);
  if (row.store === 'hung') {
    store = { server: await startHungServer(), previousEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB };
    process.env.AWS_ENDPOINT_URL_DYNAMODB = store.server.url;
  }
  const container = coldContainer(emulator, { ...ENV, ...(row.store ? { IDEMPOTENCY_TABLE } : {}), ...row.env });
  if (row.warm) {
    await createCallHandler(() => container)(httpApiEvent({ to: '+1 415 555 0100' }), lambdaContext());
    emulator.reset();
  }
  await row.inject(emulator);
  return container;
}

/** Waits until no call POST is still being handled (a delayed one completes after our timeout). */
async function callsSettled(): Promise<void> {
  for (let waited = 0; emulator.records.callsInFlight > 0 && waited < 5000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(ROWS)('fault: $fault', (row) => {

  it(`POST /calls answers ${row.createCall.status} ${row.createCall.code} after exactly ${row.createCall.posts} call POST(s)`, async () => {
    // Prepare
    const container = await prepare(row);

    // Act
    const headers: Record<string, string> = row.store ? { 'Idempotency-Key': crypto.randomUUID() } : {};
    const result = observed(await createCallHandler(() => container)(httpApiEvent({ to: '+1 415 555 0100' }, headers), lambdaContext(row.remainingMs)));

    // Assess
    await callsSettled();
    const code = result.statusCode === 201 ? '201' : String(parseBody(result).code);
    const createCall: Measured = { answer: code === '201' ? '201' : `${result.statusCode} ${code}`, posts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length };
    expect({ status: result.statusCode, code, posts: emulator.records.callPosts }).toEqual(row.createCall);
    expect(emulator.records.callsPlaced.length).toBeLessThanOrEqual(1);
    expect(answerErrors('POST /calls', result)).toEqual([]);
    report.push([row.fault, createCall.answer, createCall.posts, createCall.placed]);
  });
});
