import type { Emulator } from '../../emulator';
import { LOCAL_SCHEDULE_GROUP, sqsScheduleTarget } from '../../emulator';
import { EventSourceMapping } from '../../emulator/event-source-mapping';
import { BATCHES_TABLE, CALLS_TABLE, IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import type { LocalSqs } from '../../emulator/local-sqs';
import { startLocalSqs } from '../../emulator/local-sqs';
import { createHandler as createBatchHandler } from '../../functions/create-batch';
import { createHandler as createDialer } from '../../functions/dialer';
import { createHandler as createGetBatch } from '../../functions/get-batch';
import { createHandler as createCreateCall } from '../../functions/create-call';
import { createHandler as createGetCall } from '../../functions/get-call';
import { createHandler as createCancelCall } from '../../functions/cancel-call';
import { MAX_SCHEDULED_BATCH_CALLS } from '../../lib/queue/create-batch-api';
import type { Container } from '../../lib/container';
import { httpApiRequest } from '../support/api-gateway-events';
import type { EmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, observed, waitUntil } from '../support/harness';
import { answerErrors } from '../support/openapi';

// Calls that wait: for the callee's calling hours in the dial queue, and for their time on an
// EventBridge Scheduler schedule. In process: the real handlers, the emulator (Genesys, Scheduler),
// dynalite and the local SQS, the event source mapping invoking the dialer as Lambda would. The
// service's clock is the only thing set by hand: it reads a chosen instant plus the real time since,
// so a test can stand two seconds before a window opens and watch it open; days pass by the
// emulator's virtual clock (fireSchedules), never by waiting.

const ROLE_ARN = 'arn:aws:iam::000000000000:role/genesys-outbound-call-local-scheduler';

let stack: EmulatorAndDynamo;
let emulator: Emulator;
let sqs: LocalSqs;
let container: Container;
let mapping: EventSourceMapping;
/** The service's clock: `at` when `setAt` was called, moving on with the real time. */
const clock = { base: 0, since: 0, setAt(instant: string) { this.base = Date.parse(instant); this.since = Date.now(); }, now() { return this.base + (Date.now() - this.since); } };

beforeAll(async () => {
  stack = await startEmulatorAndDynamo();
  emulator = stack.emulator;
  sqs = await startLocalSqs(0, '127.0.0.1', { visibilityTimeoutSeconds: 5, maxReceiveCount: 5 });
  Object.assign(process.env, { AWS_ENDPOINT_URL_SQS: sqs.url, AWS_ENDPOINT_URL_SCHEDULER: emulator.url });
});
afterAll(async () => {
  await sqs.stop();
  await stack.stop();
});
beforeEach(() => {
  emulator.reset();
  emulator.setScheduleTimers(false);
  emulator.deliverSchedulesTo(sqsScheduleTarget(sqs.client));
  const base = coldContainer(emulator, {
    IDEMPOTENCY_TABLE,
    CALLS_TABLE,
    BATCHES_TABLE,
    ALLOWED_COUNTRIES: 'US,FR',
    CALLING_HOURS: 'country',
    DIAL_QUEUE_URL: sqs.queueUrl,
    DIAL_QUEUE_ARN: sqs.queueArn,
    SCHEDULE_GROUP: LOCAL_SCHEDULE_GROUP,
    SCHEDULER_ROLE_ARN: ROLE_ARN,
    DIAL_MAX_RECEIVE_COUNT: '5',
    DIAL_REQUESTS_PER_MINUTE: '6000',
  });
  container = { ...base, now: () => clock.now(), batches: { ...base.batches, now: () => clock.now() }, dialer: () => ({ ...base.dialer(), now: () => clock.now() }) };
  startMapping();
});

/** Lambda's event source mapping of the dialer on the dial queue, polling from now on. */
function startMapping(): void {
  const dialer = createDialer(() => container);
  mapping = new EventSourceMapping({ client: sqs.client, queueUrl: sqs.queueUrl, queueArn: sqs.queueArn, batchSize: 10, maximumConcurrency: 2, idleMs: 20, target: (event) => dialer(event, lambdaContext(30_000)) });
  mapping.start();
}
afterEach(() => mapping.stop());

const postBatch = async (body: unknown) => {
  const answer = await createBatchHandler(() => container)(httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify(body) }), lambdaContext(28_000));
  return JSON.parse(answer.body) as { batchId: string };
};
const itemsOf = async (batchId: string) => {
  const answer = await createGetBatch(() => container)(httpApiRequest({ method: 'GET', routeKey: 'GET /batches/{batchId}', path: `/batches/${batchId}`, pathParameters: { batchId } }), lambdaContext(28_000));
  return JSON.parse(answer.body) as { status: string; counts: Record<string, number> };
};

describe('a queued call outside the callee’s calling hours', () => {
  it('waits in the queue, counted deferred, and is dialled when the window opens', async () => {
    // Prepare: 07:59:57 in New York.
    clock.setAt('2026-06-10T11:59:57Z');

    // Act
    const { batchId } = await postBatch({ calls: [{ to: '+1 212 555 0143' }] });
    await waitUntil(() => mapping.records.invocations >= 1, () => 'the dialer was not invoked');
    const waiting = await itemsOf(batchId);
    await waitUntil(() => emulator.records.callsPlaced.length === 1, () => 'the call was not placed once the window opened', 15_000);

    // Assess: deferred, not dialled before 08:00 by the service's clock.
    expect(waiting).toMatchObject({ status: 'queued', counts: { deferred: 1, placed: 0 } });
    expect(emulator.records.callsPlaced[0].at).toBeGreaterThanOrEqual(clock.since + 3000);
    await waitUntil(() => mapping.records.deleted === 1, () => 'the message was not deleted');
    expect(await itemsOf(batchId)).toMatchObject({ status: 'done', counts: { deferred: 0, placed: 1 } });
  });

  it('waits on a schedule when the window is further away than a visibility timeout, then is dialled once', async () => {
    // Prepare: Friday 27 March 2026, 20:30 in Paris: the next window is Monday 10:00 (after the spring change).
    clock.setAt('2026-03-27T19:30:00Z');

    // Act
    const { batchId } = await postBatch({ calls: [{ to: '+33 6 12 34 56 78' }] });
    await waitUntil(() => mapping.records.deleted === 1, () => 'the message was not handed to a schedule');
    const [waiting] = emulator.schedules();
    const counts = (await itemsOf(batchId)).counts;
    clock.setAt('2026-03-30T08:00:00Z');
    const fired = await emulator.fireSchedules({ until: '2026-03-30T08:00:00Z' });
    await waitUntil(() => emulator.records.callsPlaced.length === 1, () => 'the call was not placed after its schedule fired', 15_000);

    // Assess
    expect(waiting).toMatchObject({ groupName: LOCAL_SCHEDULE_GROUP, dueAt: Date.parse('2026-03-30T08:00:00Z'), actionAfterCompletion: 'DELETE' });
    expect(counts).toMatchObject({ deferred: 1, placed: 0 });
    expect(fired).toEqual([expect.objectContaining({ outcome: 'delivered' })]);
    expect(emulator.records.callsPlaced.map((call) => call.body.phoneNumber)).toEqual(['+33612345678']);
    await waitUntil(() => mapping.records.deleted === 2, () => 'the scheduled message was not deleted');
    expect((await itemsOf(batchId)).counts).toMatchObject({ deferred: 0, placed: 1 });
  });
});

type Answer = { status: number; body: Record<string, unknown> };
const asAnswer = (result: { statusCode: number; body?: string }): Answer => ({ status: result.statusCode, body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {} });

/** POST /calls through the real createCall handler, as `principal` when given. */
async function postCall(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const result = observed(await createCreateCall(() => container)(httpApiRequest({ method: 'POST', routeKey: 'POST /calls', path: '/calls', body: JSON.stringify(body), headers }), lambdaContext(28_000)));
  expect(answerErrors('POST /calls', result)).toEqual([]);
  return asAnswer(result);
}
const byId = (method: 'GET' | 'DELETE', id: string, principal?: string) => {
  const request = httpApiRequest({ method, routeKey: `${method} /calls/{conversationId}`, path: `/calls/${id}`, pathParameters: { conversationId: id } });
  if (principal) (request.requestContext as unknown as { authorizer: { iam: { userArn: string } } }).authorizer.iam.userArn = principal;
  return request;
};
const getCall = async (id: string, principal?: string) => asAnswer(observed(await createGetCall(() => container)(byId('GET', id, principal), lambdaContext(28_000))));
const cancel = async (id: string, principal?: string) => asAnswer(observed(await createCancelCall(() => container)(byId('DELETE', id, principal), lambdaContext(28_000))));

describe('POST /calls with at: a call for later', () => {
  it('is scheduled (202), fires once at its time, is dialled, and then answers 409 to a cancel', async () => {
    // Prepare: Tuesday 9 June 2026, 09:00 in New York; the call is for 10:00.
    clock.setAt('2026-06-09T13:00:00Z');

    // Act
    const scheduled = await postCall({ to: '+1 212 555 0143', at: '2026-06-09T10:00:00-04:00' });
    const callId = scheduled.body.callId as string;
    const before = await getCall(callId);
    const early = await emulator.fireSchedules({ until: '2026-06-09T13:59:59Z' });
    clock.setAt('2026-06-09T14:00:00Z');
    const due = await emulator.fireSchedules({ until: '2026-06-09T14:00:00Z' });
    await waitUntil(() => emulator.records.callsPlaced.length === 1, () => 'the call for later was not placed');
    await waitUntil(() => mapping.records.deleted === 1, () => 'its message was not deleted');
    const after = await getCall(callId);
    const cancelled = await cancel(callId);

    // Assess
    expect(scheduled).toEqual({ status: 202, body: { callId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'scheduled', at: '2026-06-09T14:00:00.000Z', to: '+*******0143', toCountry: 'US', userId: expect.any(String) } });
    expect(before).toEqual({ status: 200, body: { callId, status: 'scheduled', at: '2026-06-09T14:00:00.000Z', to: '+*******0143', toCountry: 'US' } });
    expect([early.length, due.length]).toEqual([0, 1]);
    expect(emulator.schedules()).toEqual([]);
    expect(after).toMatchObject({ status: 200, body: { callId, conversationId: emulator.records.callsPlaced[0].conversationId, status: 'placed' } });
    expect(cancelled).toMatchObject({ status: 409, body: { code: 'call_already_placed' } });
  });

  it('makes one schedule for a request sent twice with the same Idempotency-Key', async () => {
    // Prepare
    clock.setAt('2026-06-09T13:00:00Z');
    const key = crypto.randomUUID();

    // Act
    const first = await postCall({ to: '+1 212 555 0144', at: '2026-06-10T14:00:00Z' }, { 'Idempotency-Key': key });
    const second = await postCall({ to: '+1 212 555 0144', at: '2026-06-10T14:00:00Z' }, { 'Idempotency-Key': key });

    // Assess
    expect(second.body.callId).toBe(first.body.callId);
    expect(emulator.schedules().map((schedule) => schedule.name)).toEqual([first.body.callId]);
  });

  it('makes the same record and schedule when retried after its idempotency record is gone (the callId and token come from the key)', async () => {
    // Prepare: what a second Lambda attempt would do after a crash between the schedule and the answer.
    const { callId, clientToken } = container.later.callIdFor('caller\u0000key-1');
    const request = { callId, clientToken, caller: 'caller', at: new Date('2026-06-10T14:00:00Z'), call: { to: '+12125550153' }, to: '+*******0153' };

    // Act
    const first = await container.later.schedule(request, Date.now() + 10_000);
    const retried = await container.later.schedule(request, Date.now() + 10_000);

    // Assess
    expect(container.later.callIdFor('caller\u0000key-1').callId).toBe(callId);
    expect(container.later.callIdFor('caller\u0000key-2').callId).not.toBe(callId);
    expect(retried).toEqual(first);
    expect(emulator.schedules().map((schedule) => schedule.name)).toEqual([callId]);
  });

  it('is cancelled (204): its schedule is deleted, and it is never dialled', async () => {
    // Prepare
    clock.setAt('2026-06-09T13:00:00Z');
    const { body } = await postCall({ to: '+1 212 555 0145', at: '2026-06-09T14:00:00Z' });
    const callId = body.callId as string;

    // Act
    const cancelled = await cancel(callId);
    const again = await cancel(callId);
    const read = await getCall(callId);

    // Assess
    expect([cancelled.status, again.status]).toEqual([204, 204]);
    expect(emulator.schedules()).toEqual([]);
    expect(read).toEqual({ status: 200, body: { callId, status: 'cancelled', to: '+*******0145', toCountry: 'US' } });
    expect(emulator.records.callsPlaced).toEqual([]);
  });

  it('is not dialled when cancelled after its schedule fired but before the dialer reached its message', async () => {
    // Prepare: the schedule fires while no dialer runs.
    clock.setAt('2026-06-09T13:00:00Z');
    const { body } = await postCall({ to: '+1 212 555 0150', at: '2026-06-09T14:00:00Z' });
    const callId = body.callId as string;
    await mapping.stop();
    clock.setAt('2026-06-09T14:00:00Z');
    await emulator.fireSchedules({ until: '2026-06-09T14:00:00Z' });

    // Act
    const cancelled = await cancel(callId);
    startMapping();
    await waitUntil(() => mapping.records.deleted === 1, () => 'the fired message was not handled');

    // Assess
    expect(cancelled.status).toBe(204);
    expect((await getCall(callId)).body).toMatchObject({ status: 'cancelled' });
    expect(emulator.records.callsPlaced).toEqual([]);
  });

  it('answers 404 to another principal’s read or cancel, and leaves the call scheduled', async () => {
    // Prepare
    clock.setAt('2026-06-09T13:00:00Z');
    const { body } = await postCall({ to: '+1 212 555 0146', at: '2026-06-09T14:00:00Z' });
    const someoneElse = 'arn:aws:iam::123456789012:user/someone-else';

    // Act
    const read = await getCall(body.callId as string, someoneElse);
    const cancelled = await cancel(body.callId as string, someoneElse);

    // Assess
    expect([read.status, read.body.code, cancelled.status, cancelled.body.code]).toEqual([404, 'call_not_found', 404, 'call_not_found']);
    expect(emulator.schedules()).toHaveLength(1);
  });

  it('refuses an at in the past or more than a year ahead with 400 invalid_request', async () => {
    // Prepare
    clock.setAt('2026-06-09T13:00:00Z');

    // Act
    const past = await postCall({ to: '+1 212 555 0147', at: '2026-06-09T12:00:00Z' });
    const far = await postCall({ to: '+1 212 555 0147', at: '2027-06-11T12:00:00Z' });

    // Assess
    expect([past.body.field, far.body.field, past.status, far.status]).toEqual(['at', 'at', 400, 400]);
    expect(emulator.schedules()).toEqual([]);
  });
});

/** A point the dialer stops at until the test opens it: the interleaving is set, not timed. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  const held = { reached: false, opened, open, pass: async () => { held.reached = true; await opened; } };
  return held;
}

describe('DELETE /calls/{callId} racing the dialer', () => {
  it('answers 409 to a cancel that arrives while the dialer is placing the call, which is placed', async () => {
    // Prepare: the dialer stops once Genesys has answered, before it records the call.
    clock.setAt('2026-06-09T13:00:00Z');
    const { body } = await postCall({ to: '+1 212 555 0154', at: '2026-06-09T14:00:00Z' });
    const callId = body.callId as string;
    const held = gate();
    const dialer = container.dialer;
    container = { ...container, dialer: () => ({ ...dialer(), recordPlaced: async (...args) => { await held.pass(); return dialer().recordPlaced(...args); } }) };
    clock.setAt('2026-06-09T14:00:00Z');
    await emulator.fireSchedules({ until: '2026-06-09T14:00:00Z' });
    await waitUntil(() => held.reached, () => 'the dialer did not reach the call');

    // Act
    const cancelled = await cancel(callId);
    held.open();
    await waitUntil(() => mapping.records.deleted === 1, () => 'the message was not deleted');

    // Assess
    expect(cancelled).toMatchObject({ status: 409, body: { code: 'call_already_placed' } });
    expect(emulator.records.callsPlaced).toHaveLength(1);
    expect(await getCall(callId)).toMatchObject({ status: 200, body: { callId, status: 'placed', conversationId: emulator.records.callsPlaced[0].conversationId } });
  });

  it('never dials a call cancelled (204) after the dialer read it and before it dialled', async () => {
    // Prepare: the dialer stops just after reading the call's record (not cancelled yet).
    clock.setAt('2026-06-09T13:00:00Z');
    const { body } = await postCall({ to: '+1 212 555 0155', at: '2026-06-09T14:00:00Z' });
    const callId = body.callId as string;
    const held = gate();
    const dialer = container.dialer;
    const store = dialer().batches;
    const heldStore = Object.create(store, { get: { value: async (...args: Parameters<typeof store.get>) => { const read = await store.get(...args); if (!held.reached) await held.pass(); return read; } } }) as typeof store;
    container = { ...container, dialer: () => ({ ...dialer(), batches: heldStore }) };
    clock.setAt('2026-06-09T14:00:00Z');
    await emulator.fireSchedules({ until: '2026-06-09T14:00:00Z' });
    await waitUntil(() => held.reached, () => 'the dialer did not read the call');

    // Act
    const cancelled = await cancel(callId);
    held.open();
    await waitUntil(() => mapping.records.deleted === 1, () => 'the message was not deleted');

    // Assess
    expect(cancelled.status).toBe(204);
    expect(emulator.records.callsPlaced).toEqual([]);
    expect((await getCall(callId)).body).toMatchObject({ callId, status: 'cancelled' });
  });
});

describe('POST /calls outside calling hours', () => {
  it('refuses by default (422 with nextAllowedAt), and with outsideHours "defer" schedules the call for then (202)', async () => {
    // Prepare: 22:00 in New York.
    clock.setAt('2026-06-10T02:00:00Z');

    // Act
    const refused = await postCall({ to: '+1 212 555 0148' });
    const deferred = await postCall({ to: '+1 212 555 0148', outsideHours: 'defer' });

    // Assess
    expect(refused).toMatchObject({ status: 422, body: { code: 'outside_calling_hours', nextAllowedAt: '2026-06-10T12:00:00.000Z' } });
    expect(deferred).toMatchObject({ status: 202, body: { status: 'scheduled', at: '2026-06-10T12:00:00.000Z' } });
    expect(emulator.schedules().map((schedule) => schedule.dueAt)).toEqual([Date.parse('2026-06-10T12:00:00Z')]);
    expect(emulator.records.callsPlaced).toEqual([]);
  });

  it('judges a call for later at its time: at 23:00 is refused, or deferred to 08:00 the next day', async () => {
    // Prepare: 12:00 in New York; the call is asked for 23:00.
    clock.setAt('2026-06-10T16:00:00Z');

    // Act
    const refused = await postCall({ to: '+1 212 555 0149', at: '2026-06-11T03:00:00Z' });
    const deferred = await postCall({ to: '+1 212 555 0149', at: '2026-06-11T03:00:00Z', outsideHours: 'defer' });

    // Assess
    expect(refused).toMatchObject({ status: 422, body: { code: 'outside_calling_hours', nextAllowedAt: '2026-06-11T12:00:00.000Z' } });
    expect(deferred).toMatchObject({ status: 202, body: { at: '2026-06-11T12:00:00.000Z' } });
  });
});

describe('POST /batches with at', () => {
  it('schedules each call of the batch (counted scheduled), and dials each once at its time', async () => {
    // Prepare: 09:00 in New York; the batch is for 10:00.
    clock.setAt('2026-06-09T13:00:00Z');

    // Act
    const accepted = await createBatchHandler(() => container)(
      httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify({ at: '2026-06-09T10:00:00-04:00', calls: [{ to: '+1 212 555 0151' }, { to: '+1 212 555 0152' }, { to: 'nope' }] }) }),
      lambdaContext(28_000),
    );
    const body = JSON.parse(accepted.body) as { batchId: string };
    const waiting = await itemsOf(body.batchId);
    clock.setAt('2026-06-09T14:00:00Z');
    const fired = await emulator.fireSchedules({ until: '2026-06-09T14:00:00Z' });
    await waitUntil(() => emulator.records.callsPlaced.length === 2, () => `${emulator.records.callsPlaced.length} placed`);
    await waitUntil(() => mapping.records.deleted === 2, () => 'the messages were not deleted');

    // Assess
    expect({ status: accepted.statusCode, body: JSON.parse(accepted.body) }).toMatchObject({ status: 202, body: { total: 3, queued: 2, at: '2026-06-09T14:00:00.000Z', failed: [{ index: 2, code: 'invalid_phone_number' }] } });
    expect(waiting).toMatchObject({ counts: { scheduled: 2, failed: 1, placed: 0 } });
    expect(fired.map((schedule) => schedule.name).sort()).toEqual([`${body.batchId}-0`, `${body.batchId}-1`]);
    expect(await itemsOf(body.batchId)).toMatchObject({ status: 'done', counts: { scheduled: 0, placed: 2, failed: 1 } });
  });

  const postBatchAt = async (body: unknown) => {
    const answer = observed(await createBatchHandler(() => container)(httpApiRequest({ method: 'POST', routeKey: 'POST /batches', path: '/batches', body: JSON.stringify(body) }), lambdaContext(28_000)));
    expect(answerErrors('POST /batches', answer)).toEqual([]);
    return asAnswer(answer);
  };
  const createRequests = () => emulator.records.requests.filter((request) => request.endpoint === 'createSchedule').length;

  it(`refuses more than ${MAX_SCHEDULED_BATCH_CALLS} calls with at (400, field calls) before making anything`, async () => {
    // Prepare
    clock.setAt('2026-06-09T13:00:00Z');
    const calls = Array.from({ length: MAX_SCHEDULED_BATCH_CALLS + 1 }, (_, i) => ({ to: `+1 212 555 ${String(i).padStart(4, '0')}` }));

    // Act
    const refused = await postBatchAt({ at: '2026-06-09T14:00:00Z', calls });

    // Assess
    expect(refused).toMatchObject({ status: 400, body: { code: 'invalid_request', field: 'calls' } });
    expect(createRequests()).toBe(0);
  });
});
