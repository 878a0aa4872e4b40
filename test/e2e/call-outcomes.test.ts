import type { CallScript, Emulator } from '../../emulator';
import { start } from '../../emulator';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { leakGuard } from '../support/leak-guard';
import type { Started } from '../support/processes';
import { freePort, run, SERVERLESS, startProcess, waitForHttp } from '../support/processes';
import { signedGet, signedPost } from '../support/sigv4';

// Call outcomes end to end, as under `npm start`: the real `serverless offline` runs createCall,
// getCall and callEvents on the local stage; the emulator plays each call and delivers Genesys's
// EventBridge events to callEvents through serverless offline's Lambda Invoke API; the records live
// in a real DynamoDB implementation (dynalite). The local stage puts `Call outcome` events on the
// emulator's EventBridge bus (CALL_OUTCOME_EVENTS, AWS_ENDPOINT_URL_EVENTBRIDGE in serverless.yml).
// Nothing here is called in process.

jest.setTimeout(180_000);

/** The local stage's callEvents, as serverless offline names it. */
const CALL_EVENTS = 'genesys-outbound-call-local-callEvents';

let emulator: Emulator;
let dynamo: LocalDynamoDB;
let offline: Started;
let baseUrl: string;

beforeAll(async () => {
  emulator = await start();
  leakGuard.watch(emulator);
  dynamo = await startLocalDynamoDB();
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  baseUrl = `http://127.0.0.1:${httpPort}`;
  offline = startProcess(SERVERLESS, ['offline', 'start', '--stage', 'local'], {
    EMULATOR_PORT: String(emulator.port),
    DYNAMODB_PORT: String(dynamo.port),
    OFFLINE_PORT: String(httpPort),
    OFFLINE_LAMBDA_PORT: String(lambdaPort),
    CALL_LOOKUP_AFTER_SECONDS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  await waitForHttp(baseUrl, 120_000, offline);
  emulator.deliverCallEventsTo({ lambdaUrl: `http://127.0.0.1:${lambdaPort}`, functionName: CALL_EVENTS });
});
afterAll(async () => {
  await offline?.stop();
  leakGuard.observe(offline?.output() ?? '');
  await dynamo.stop();
  await emulator.stop();
});
beforeEach(() => emulator.reset());

async function placeCall(script: Partial<CallScript>): Promise<string> {
  emulator.scriptCalls(script);
  const response = await signedPost(`${baseUrl}/calls`, JSON.stringify({ to: '+1 415 555 0100', label: 'e2e' }));
  const text = await response.text();
  leakGuard.observe(text);
  expect(response.status).toBe(201);
  return (JSON.parse(text) as { conversationId: string }).conversationId;
}

async function getCall(id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await signedGet(`${baseUrl}/calls/${id}`);
  const text = await response.text();
  leakGuard.observe(text);
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** Waits until `count` events were delivered to callEvents (each invocation answered). */
async function eventsDelivered(count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const events = emulator.records.callEvents;
    if (events.length >= count && events.every((event) => event.outcome !== 'pending')) break;
    if (Date.now() > deadline) throw new Error(`events not delivered: ${JSON.stringify(events.map((event) => [event.topic, event.outcome]))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(emulator.records.callEvents.map((event) => event.outcome)).toEqual(Array(emulator.records.callEvents.length).fill('delivered'));
}

const lookups = () => emulator.records.requests.filter((request) => request.endpoint === 'callConversation' || request.endpoint === 'conversation').map((request) => request.endpoint);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('call outcomes under serverless offline', () => {
  it.each([
    ['answered', { outcome: 'answered', ringMs: 100, talkMs: 2100 }, 4, { answered: true, disconnectType: 'endpoint', talkSeconds: 2 }, []],
    ['busy', { outcome: 'busy', ringMs: 100 }, 3, { answered: false, disconnectType: 'endpoint', talkSeconds: 0, disconnectReason: { sip: { code: 486, phrase: 'Busy Here' }, q850: { code: 17, phrase: 'User busy' } } }, ['callConversation', 'conversation']],
    ['unanswered', { outcome: 'noAnswer', ringMs: 100 }, 3, { answered: false, disconnectType: 'timeout', talkSeconds: 0, disconnectReason: { sip: { code: 480, phrase: 'Temporarily Unavailable' }, q850: { code: 19, phrase: 'No answer from user (user alerted)' } } }, ['callConversation', 'conversation']],
    ['as an invalid number', { outcome: 'invalidNumber', ringMs: 0 }, 3, { answered: false, disconnectType: 'error', talkSeconds: 0, disconnectReason: { sip: { code: 404, phrase: 'Not Found' }, q850: { code: 1, phrase: 'Unallocated (unassigned) number' } } }, ['callConversation', 'conversation']],
  ] as const)("records a call that ends %s from its events (and an unanswered call's reason from Genesys)", async (_name, script, events, expected, asked) => {
    // Prepare
    const id = await placeCall(script);
    await eventsDelivered(events);
    await pause(1100); // CALL_LOOKUP_AFTER_SECONDS=1: old enough for the reason lookup

    // Act
    const { status, body } = await getCall(id);

    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({
      conversationId: id,
      status: 'ended',
      placedAt: expect.any(String),
      endedAt: expect.any(String),
      ...(expected.answered ? { connectedAt: expect.any(String) } : {}),
      to: '+*******0100',
      toCountry: 'US',
      userId: expect.any(String),
      label: 'e2e',
      source: 'events',
      ...expected,
    });
    expect(lookups()).toEqual(asked);
  });

  it('leaves the same final record when the events come reversed or twice', async () => {
    // Prepare
    const finals: unknown[] = [];

    // Act
    for (const delivery of ['live', 'reversed', 'duplicated'] as const) {
      emulator.reset();
      const id = await placeCall({ outcome: 'answered', ringMs: 100, talkMs: 1100, delivery });
      await eventsDelivered(delivery === 'duplicated' ? 8 : 4);
      const { body } = await getCall(id);
      const { conversationId: _id, placedAt: _placed, connectedAt, endedAt, ...rest } = body;
      finals.push({ ...rest, talkMs: Date.parse(String(endedAt)) - Date.parse(String(connectedAt)) });
    }

    // Assess
    expect(finals).toEqual([finals[0], finals[0], finals[0]]);
    expect(finals[0]).toMatchObject({ status: 'ended', answered: true, talkSeconds: 1, talkMs: 1100 });
  });

  it('shows ringing, then connected, while the call is live', async () => {
    // Prepare
    const id = await placeCall({ outcome: 'answered', ringMs: 1500, talkMs: 60_000 });

    // Act
    await eventsDelivered(1);
    const ringing = await getCall(id);
    await eventsDelivered(2);
    const connected = await getCall(id);

    // Assess
    expect([ringing.body.status, connected.body.status, connected.body.answered]).toEqual(['ringing', 'connected', true]);
  });

  it("puts a call's outcome events on the default bus, in order, with masked numbers only", async () => {
    // Prepare
    const id = await placeCall({ outcome: 'answered', ringMs: 100, talkMs: 1100 });

    // Act
    await eventsDelivered(4);

    // Assess
    const busEvents = emulator.records.busEvents;
    expect(busEvents.map((event) => [event.source, event['detail-type'], event.detail.conversationId, event.detail.previousStatus, event.detail.status])).toEqual([
      ['genesys-outbound-call', 'Call outcome', id, 'placed', 'ringing'],
      ['genesys-outbound-call', 'Call outcome', id, 'ringing', 'connected'],
      ['genesys-outbound-call', 'Call outcome', id, 'connected', 'ended'],
    ]);
    expect(busEvents[2]?.detail).toMatchObject({ answered: true, talkSeconds: 1, to: '+*******0100', label: 'e2e', source: 'events' });
    expect(new Set(busEvents.map((event) => event.detail.outcomeId)).size).toBe(3);
    expect(JSON.stringify(busEvents)).not.toContain('4155550100');
  });

  it('asks Genesys once when no event came, then answers from the record', async () => {
    // Prepare
    const id = await placeCall({ outcome: 'busy', ringMs: 100, delivery: 'none' });
    await pause(1200);

    // Act
    const first = await getCall(id);
    const second = await getCall(id);

    // Assess
    expect(first.body).toMatchObject({ status: 'ended', answered: false, source: 'genesys', disconnectReason: { sip: { code: 486 } } });
    expect(second.body).toEqual(first.body);
    expect(lookups()).toEqual(['callConversation', 'conversation']);
    expect(emulator.records.busEvents.map((event) => [event.detail.previousStatus, event.detail.status, event.detail.source])).toEqual([['placed', 'ended', 'genesys']]);
  });

  it('answers 404 call_not_found for a conversation this service did not place, asking Genesys nothing', async () => {
    // Act
    const { status, body } = await getCall('0f0f0f0f-0000-4000-8000-000000000000');

    // Assess
    expect({ status, code: body.code }).toEqual({ status: 404, code: 'call_not_found' });
    expect(emulator.records.requests).toEqual([]);
  });

  it('refuses an unsigned GET with 403 before the function runs', async () => {
    // Act
    const response = await fetch(`${baseUrl}/calls/0f0f0f0f-0000-4000-8000-000000000000`);

    // Assess
    expect(response.status).toBe(403);
  });
});

describe('serverless invoke local with the Genesys samples in events/', () => {
  it.each([
    ['callEvents', 'genesys-customer-end', { result: 'foreign' }],
    ['callEvents', 'genesys-user-start', { result: 'foreign' }],
    ['getCall', 'http-api-get-call', { statusCode: 404 }],
  ])('runs %s with events/%s.json: a conversation the local records do not know', async (fn, name, expected) => {
    // Act
    const { code, stdout, stderr } = await run(
      SERVERLESS,
      ['invoke', 'local', '-f', fn, '--stage', 'local', '--path', `events/${name}.json`],
      { EMULATOR_PORT: String(emulator.port), DYNAMODB_PORT: String(dynamo.port), AWS_EC2_METADATA_DISABLED: 'true' },
      90_000,
    );

    // Assess
    leakGuard.observe(stdout + stderr);
    expect({ code, stderr: stderr.includes('Error:') ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    // The function's own log lines come first; the invocation result is the last JSON document.
    expect(JSON.parse(stdout.slice(stdout.lastIndexOf('\n{\n') + 1))).toMatchObject(expected);
    expect(emulator.records.requests).toEqual([]);
  });
});
