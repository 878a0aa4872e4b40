import type { Emulator, EventBridgeEnvelope } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createEventsHandler } from '../../functions/call-events';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { CALLS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { loadConfig } from '../../lib/config';
import type { CallRecord } from '../../lib/outcomes/call-record';
import type { CallEventResult } from '../../lib/outcomes/call-events';
import { createCallEventsContainer } from '../../lib/outcomes/call-events-container';
import { DynamoCallStore } from '../../lib/outcomes/call-store';
import { outcomeOf } from '../../lib/outcomes/outcome';
import { httpApiEvent } from '../support/api-gateway-events';
import { coldContainer, emulatorEnv, lambdaContext, observed, parseBody, startEmulator, waitUntil } from '../support/harness';
import { leakGuard } from '../support/leak-guard';

// Outcome records end to end in process: createCall writes them to a real
// DynamoDB implementation (dynalite) over HTTP; the emulator plays each call and delivers Genesys's
// EventBridge events to the real callEvents handler, which updates them.

let emulator: Emulator;
let dynamo: LocalDynamoDB;
let store: DynamoCallStore;
const results: CallEventResult[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  dynamo = await startLocalDynamoDB();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  const config = loadConfig(emulatorEnv(emulator, { CALLS_TABLE }));
  store = new DynamoCallStore(config.calls);
  const container = createCallEventsContainer(config);
  const callEvents = createEventsHandler(() => container);
  emulator.deliverCallEventsTo(async (envelope: EventBridgeEnvelope) => {
    results.push(await callEvents(envelope, lambdaContext(10_000, 'genesys-outbound-call-test-callEvents')));
  });
});
afterAll(async () => {
  await dynamo.stop();
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  results.length = 0;
});

const placeCall = async (to: string, label?: string): Promise<string> => {
  const handler = createCallHandler(() => coldContainer(emulator, { CALLS_TABLE }));
  const result = observed(await handler(httpApiEvent({ to, ...(label ? { label } : {}) }), lambdaContext()));
  return parseBody(result).conversationId as string;
};

/** Waits until the emulator sent `count` events and each was handled. */
function eventsHandled(count: number): Promise<void> {
  const handled = () => emulator.records.callEvents.length >= count && emulator.records.callEvents.every((event) => event.outcome !== 'pending');
  return waitUntil(handled, () => `only ${emulator.records.callEvents.length} of ${count} events handled`);
}

const outcome = async (conversationId: string) => {
  const record = (await store.get(conversationId, Date.now() + 5000)) as CallRecord;
  leakGuard.observe(JSON.stringify(record));
  return outcomeOf(record);
};

describe('callEvents handler with records written by createCall', () => {
  it('starts a placed call as placed, with the masked number and label and a TTL of 30 days', async () => {
    // Prepare
    emulator.scriptCalls({ outcome: 'answered', ringMs: 60_000 });

    // Act
    const id = await placeCall('(415) 555-0100', 'renewal for +1 415 555 0199');

    // Assess
    const record = (await store.get(id, Date.now() + 5000)) as CallRecord;
    leakGuard.observe(JSON.stringify(record));
    expect(record).toEqual({
      conversationId: id,
      placedAt: expect.any(Number),
      placedBy: 'arn:aws:iam::1234567890:user/Admin',
      to: '+*******0100',
      toCountry: 'US',
      userId: expect.any(String),
      label: 'renewal for +* *** *** 0199',
      expiration: Math.floor(record.placedAt / 1000) + 30 * 86_400,
      version: 1,
    });
    expect(Math.abs(record.placedAt - Date.now())).toBeLessThan(10_000);
  });

  it.each([
    ['answered', { outcome: 'answered', ringMs: 50, talkMs: 2000 }, { status: 'ended', answered: true, disconnectType: 'endpoint', talkSeconds: 2 }],
    ['busy', { outcome: 'busy', ringMs: 50 }, { status: 'ended', answered: false, disconnectType: 'endpoint', talkSeconds: 0 }],
    ['no answer', { outcome: 'noAnswer', ringMs: 50 }, { status: 'ended', answered: false, disconnectType: 'timeout', talkSeconds: 0 }],
    ['invalid number', { outcome: 'invalidNumber', ringMs: 0 }, { status: 'ended', answered: false, disconnectType: 'error', talkSeconds: 0 }],
  ] as const)('records an %s call from its events', async (_name, script, expected) => {
    // Prepare
    emulator.scriptCalls(script);

    // Act
    const id = await placeCall('+1 415 555 0100');
    await eventsHandled(script.outcome === 'answered' ? 4 : 3);

    // Assess
    const got = await outcome(id);
    expect(got).toMatchObject({ ...expected, source: 'events', to: '+*******0100' });
    const mine = results.filter((result) => 'conversationId' in result && result.conversationId === id);
    expect(mine.map((result) => result.result)).toEqual(Array(script.outcome === 'answered' ? 4 : 3).fill('applied'));
  });

  it('leaves the same final record whether the events come in order, reversed or each twice', async () => {
    // Prepare
    const finals = [];

    // Act
    for (const delivery of ['live', 'reversed', 'duplicated'] as const) {
      emulator.reset();
      emulator.scriptCalls({ outcome: 'answered', ringMs: 40, talkMs: 1200, delivery });
      const id = await placeCall('+1 415 555 0100');
      await eventsHandled(delivery === 'duplicated' ? 8 : 4);
      const { conversationId: _id, placedAt: _placed, connectedAt, endedAt, ...rest } = await outcome(id);
      finals.push({ ...rest, talkMs: Date.parse(endedAt ?? '') - Date.parse(connectedAt ?? '') });
    }

    // Assess
    expect(finals[1]).toEqual(finals[0]);
    expect(finals[2]).toEqual(finals[0]);
    expect(finals[0]).toMatchObject({ status: 'ended', answered: true, talkSeconds: 1, talkMs: 1200 });
  });

  it('shows ringing, then connected, while the call is live', async () => {
    // Prepare
    emulator.scriptCalls({ outcome: 'answered', ringMs: 500, talkMs: 60_000 });

    // Act
    const id = await placeCall('+1 415 555 0100');
    await eventsHandled(1);
    const ringing = await outcome(id);
    await eventsHandled(2);
    const connected = await outcome(id);

    // Assess
    expect([ringing.status, ringing.answered, connected.status, connected.answered]).toEqual(['ringing', null, 'connected', true]);
  });

  it('drops the events of a conversation it did not place: read once, nothing written', async () => {
    // Prepare
    const callEvents = createEventsHandler(() => createCallEventsContainer(loadConfig(emulatorEnv(emulator, { CALLS_TABLE }))));
    const foreign = '0f0f0f0f-0000-4000-8000-000000000000';
    const envelope = {
      version: '0',
      id: crypto.randomUUID(),
      'detail-type': 'v2.detail.events.conversation.{id}.customer.end',
      source: 'aws.partner/genesys.com/cloud/org/suffix',
      account: '123456789012',
      time: '2026-11-28T08:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {
        topicName: `v2.detail.events.conversation.${foreign}.customer.end`,
        version: '2',
        eventBody: { eventTime: Date.now(), conversationId: foreign, disconnectType: 'PEER', interactingDurationMs: 1000 },
        metadata: { CorrelationId: crypto.randomUUID() },
        timestamp: new Date().toISOString(),
      },
    };

    // Act
    const result = await callEvents(envelope, lambdaContext());

    // Assess
    expect(result).toEqual({ result: 'foreign' });
    expect(await store.get(foreign, Date.now() + 5000)).toBeUndefined();
  });
});
