import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createScheduledHandler } from '../../functions/scheduled-calls';
import { ScheduleRetryableError } from '../../lib/scheduled/errors';
import type { ScheduledCallsResult } from '../../lib/scheduled/result';
import { IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import { httpApiEvent } from '../support/api-gateway-events';
import { coldContainer, lambdaContext, observed, parseBody, startEmulator } from '../support/harness';
import type { HungServer } from '../support/hung-server';
import { startHungServer } from '../support/hung-server';
import { answerErrors } from '../support/openapi';
import { scheduledEvent } from '../support/scheduled-events';
import { writeReport } from '../support/test-report';

// Every fault the emulator can inject, against both functions, over real HTTP: the documented
// outcome (POST /calls answers as openapi.yaml says) and the exact number of call POSTs. No item
// is ever placed twice. "placed" counts what the emulator placed, once every request has finished:
// a call that timed out on our side, or whose answer was lost, may still be placed, which is why
// neither is ever posted again.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const ITEMS = ['+1 415 210 0001', '+1 415 210 0002', '+1 415 210 0003'];
// Sequential items make the POST counts exact: the first POST of a run meets the injected fault.
// A generous timeout, so a loaded machine cannot turn a slow answer into a timeout row.
const ENV = { GENESYS_TIMEOUT_MS: '3000', SCHEDULED_CONCURRENCY: '1', SCHEDULED_REQUESTS_PER_MINUTE: '100000' };

interface Row {
  fault: string;
  /** Run before the invocation under test, on its warm container (then the records are cleared). */
  warm?: boolean;
  inject: (emulator: Emulator) => Promise<void> | void;
  /** Settings of this row on top of ENV. */
  env?: Record<string, string>;
  /** An idempotency store in this state: POST /calls sends an Idempotency-Key, schedules key their items. */
  store?: 'hung';
  remainingMs?: number;
  createCall: { status: number; code: string; posts: number };
  /** Item statuses in list order (`failed:<code>`), POSTs, and whether the invocation throws for a retry. */
  scheduled: { items: string[]; posts: number; throws: boolean };
}

const placedAll = ['placed', 'placed', 'placed'];
const firstFails = (code: string) => [`failed:${code}`, 'placed', 'placed'];

const ROWS: Row[] = [
  {
    fault: '429, Retry-After 1 s, time to wait',
    inject: (e) => e.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 1 }),
    createCall: { status: 201, code: '201', posts: 2 },
    scheduled: { items: placedAll, posts: 4, throws: false },
  },
  {
    fault: '429, Retry-After 30 s, 10 s left',
    inject: (e) => e.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 30 }),
    remainingMs: 10_000,
    createCall: { status: 429, code: 'genesys_rate_limited', posts: 1 },
    scheduled: { items: firstFails('genesys_rate_limited'), posts: 3, throws: false },
  },
  ...[500, 502, 503, 504].map(
    (status): Row => ({
      fault: `${status} on the call`,
      inject: (e) => e.inject('callsForUser', { kind: 'status', status }),
      createCall: { status: 502, code: 'genesys_unavailable', posts: 1 },
      scheduled: { items: firstFails('genesys_unavailable'), posts: 3, throws: false },
    }),
  ),
  {
    fault: 'no answer within the timeout',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('callsForUser', { kind: 'delay', ms: 2500 }),
    createCall: { status: 504, code: 'genesys_timeout', posts: 1 },
    scheduled: { items: firstFails('genesys_timeout'), posts: 3, throws: false },
  },
  {
    fault: 'dropped connection',
    inject: (e) => e.inject('callsForUser', { kind: 'drop' }),
    createCall: { status: 502, code: 'genesys_unavailable', posts: 1 },
    scheduled: { items: firstFails('genesys_unavailable'), posts: 3, throws: false },
  },
  {
    fault: 'token endpoint down (503)',
    inject: (e) => e.inject('token', { kind: 'status', status: 503 }, 20),
    createCall: { status: 502, code: 'genesys_unavailable', posts: 0 },
    scheduled: { items: ['failed:genesys_unavailable', 'not_attempted', 'not_attempted'], posts: 0, throws: true },
  },
  {
    fault: 'token expired (1 s lifetime)',
    warm: true,
    inject: () => new Promise((resolve) => setTimeout(resolve, 1100)),
    createCall: { status: 201, code: '201', posts: 1 },
    scheduled: { items: placedAll, posts: 3, throws: false },
  },
  {
    fault: 'token revoked',
    warm: true,
    inject: (e) => e.revokeTokens(),
    createCall: { status: 201, code: '201', posts: 2 },
    scheduled: { items: placedAll, posts: 4, throws: false },
  },
  {
    fault: 'client secret rotated',
    warm: true,
    inject: (e) => {
      e.rotateClientSecret();
      e.revokeTokens();
    },
    createCall: { status: 201, code: '201', posts: 2 },
    scheduled: { items: placedAll, posts: 4, throws: false },
  },
  {
    fault: 'Secrets Manager throttling',
    inject: (e) => e.inject('getSecretValue', { kind: 'awsError', type: 'ThrottlingException' }, 20),
    createCall: { status: 500, code: 'credentials_unavailable', posts: 0 },
    scheduled: { items: ['failed:credentials_unavailable', 'not_attempted', 'not_attempted'], posts: 0, throws: true },
  },
  {
    fault: 'secret missing',
    inject: (e) => e.deleteSecret(DEMO.secretId),
    createCall: { status: 500, code: 'credentials_unavailable', posts: 0 },
    scheduled: { items: ['failed:credentials_unavailable', 'not_attempted', 'not_attempted'], posts: 0, throws: true },
  },
  {
    fault: 'call answer stalls after its headers (201 body never ends)',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('callsForUser', { kind: 'stallBody' }),
    createCall: { status: 504, code: 'genesys_timeout', posts: 1 },
    scheduled: { items: firstFails('genesys_timeout'), posts: 3, throws: false },
  },
  {
    fault: 'token answer stalls after its headers',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('token', { kind: 'stallBody' }, 20),
    createCall: { status: 504, code: 'genesys_timeout', posts: 0 },
    scheduled: { items: ['failed:genesys_timeout', 'not_attempted', 'not_attempted'], posts: 0, throws: true },
  },
  {
    fault: 'Secrets Manager answer stalls after its headers',
    env: { GENESYS_TIMEOUT_MS: '1000' },
    inject: (e) => e.inject('getSecretValue', { kind: 'stallBody' }, 20),
    createCall: { status: 500, code: 'credentials_unavailable', posts: 0 },
    scheduled: { items: ['failed:credentials_unavailable', 'not_attempted', 'not_attempted'], posts: 0, throws: true },
  },
  ...(['html', 'null', 'missingFields'] as const).map(
    (body): Row => ({
      fault: `token answer 200 with garbage (${body})`,
      inject: (e) => e.inject('token', { kind: 'garbage', body }, 20),
      createCall: { status: 502, code: 'genesys_unexpected_response', posts: 0 },
      scheduled: { items: ['failed:genesys_unexpected_response', 'not_attempted', 'not_attempted'], posts: 0, throws: false },
    }),
  ),
  {
    fault: 'call answer 200 with an HTML page',
    inject: (e) => e.inject('callsForUser', { kind: 'garbage', body: 'html' }),
    createCall: { status: 502, code: 'genesys_unexpected_response', posts: 1 },
    scheduled: { items: firstFails('genesys_unexpected_response'), posts: 3, throws: false },
  },
  {
    fault: 'hung idempotency store',
    store: 'hung',
    inject: () => undefined,
    createCall: { status: 503, code: 'idempotency_store_unavailable', posts: 0 },
    scheduled: { items: ['failed:idempotency_store_unavailable', 'not_attempted', 'not_attempted'], posts: 0, throws: true },
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
    columns: ['fault', 'POST /calls', 'POSTs', 'placed', 'scheduledCalls (3 items)', 'POSTs', 'placed'],
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

function itemStatus(item: ScheduledCallsResult['items'][number]): string {
  return item.status === 'failed' ? `failed:${item.code}` : item.status;
}

describe.each(ROWS)('fault: $fault', (row) => {
  let createCall: Measured;
  let scheduled: Measured & { items: string[]; threw: boolean };

  it(`POST /calls answers ${row.createCall.status} ${row.createCall.code} after exactly ${row.createCall.posts} call POST(s)`, async () => {
    // Prepare
    const container = await prepare(row);

    // Act
    const headers: Record<string, string> = row.store ? { 'Idempotency-Key': crypto.randomUUID() } : {};
    const result = observed(await createCallHandler(() => container)(httpApiEvent({ to: '+1 415 555 0100' }, headers), lambdaContext(row.remainingMs)));

    // Assess
    await callsSettled();
    const code = result.statusCode === 201 ? '201' : String(parseBody(result).code);
    createCall = { answer: code === '201' ? '201' : `${result.statusCode} ${code}`, posts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length };
    expect({ status: result.statusCode, code, posts: emulator.records.callPosts }).toEqual(row.createCall);
    expect(emulator.records.callsPlaced.length).toBeLessThanOrEqual(1);
    expect(answerErrors('POST /calls', result)).toEqual([]);
  });

  it(`scheduledCalls accounts for all 3 items (${row.scheduled.items.join(', ')}) after exactly ${row.scheduled.posts} call POSTs`, async () => {
    // Prepare
    const container = await prepare(row);
    const handler = createScheduledHandler(() => container);

    // Act
    let result: ScheduledCallsResult;
    let threw = false;
    try {
      result = await handler(scheduledEvent(ITEMS.map((to) => ({ to }))), lambdaContext(row.remainingMs, 'genesys-outbound-call-test-scheduledCalls'));
    } catch (error) {
      // Only the deliberate "retry me" error; it carries the same per-item result.
      if (!(error instanceof ScheduleRetryableError)) throw error;
      threw = true;
      result = error.result;
    }

    // Assess
    await callsSettled();
    const items = result.items.map(itemStatus);
    const placedNumbers = emulator.records.callsPlaced.map((call) => call.body.phoneNumber);
    scheduled = { answer: `${items.join(', ')}${threw ? '; throws so Lambda retries' : ''}`, posts: emulator.records.callPosts, placed: placedNumbers.length, items, threw };
    expect({ items, posts: emulator.records.callPosts, throws: threw }).toEqual(row.scheduled);
    expect(new Set(placedNumbers).size).toBe(placedNumbers.length);
    report.push([row.fault, createCall.answer, createCall.posts, createCall.placed, scheduled.answer, scheduled.posts, scheduled.placed]);
  });
});
