import { ScanCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import type { Emulator } from '../../emulator';
import { start } from '../../emulator';
import { createHandler } from '../../functions/call-events';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { CALLS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { loadConfig } from '../../lib/config';
import type { CallRecord } from '../../lib/outcomes/call-record';
import { createCallEventsContainer } from '../../lib/outcomes/call-events-container';
import { DynamoCallStore } from '../../lib/outcomes/call-store';
import { DISCONNECT_TYPES } from '../../lib/outcomes/disconnect-types';
import { lambdaContext } from '../support/lambda-context';
import { leakGuard } from '../support/leak-guard';

// callEvents under 2,000 generated events: the real EventBridge envelope of a Genesys detail event
// (doctor-outcomes §B2) around random topics, conversations and bodies, through the real handler
// to a real DynamoDB implementation (dynalite), with Call outcome events on (put on the emulator's
// EventBridge bus through the real SDK). Nothing may throw, nothing may be written for a
// conversation the service did not place, and no phone number from an event may be stored or put
// on the bus.

jest.setTimeout(300_000);

const RUNS = 2000;
const OURS = Array.from({ length: 10 }, () => crypto.randomUUID());
const NUMBERS = ['+14155550100', '+442079460018', '+16175550111', 'tel:+13125550142', '4155550188'];
/** Every number the generated events carried, to look for in the table afterwards. */
const carried = new Set<string>();

let dynamo: LocalDynamoDB;
let emulator: Emulator;
let handler: ReturnType<typeof createHandler>;
let documents: DynamoDBDocumentClient;
const env = { GENESYS_API_URL: 'http://127.0.0.1:9', GENESYS_LOGIN_URL: 'http://127.0.0.1:9', GENESYS_CREDENTIALS_SECRET_ID: 'unused', CALLS_TABLE, CALL_OUTCOME_EVENTS: 'true' };

beforeAll(async () => {
  dynamo = await startLocalDynamoDB();
  // Only its event bus is used: the events' numbers are not among its canaries, hence the check below.
  emulator = await start();
  leakGuard.watch(emulator);
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.url, AWS_ENDPOINT_URL_EVENTBRIDGE: emulator.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  const config = loadConfig(env);
  const store = new DynamoCallStore(config.calls);
  for (const conversationId of OURS) {
    await store.create({ conversationId, placedAt: Date.now(), to: '+*******0100', expiration: 0, version: 1 }, Date.now() + 5000);
  }
  const container = createCallEventsContainer(config);
  handler = createHandler(() => container);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' }));
});
afterAll(async () => {
  documents.destroy();
  await dynamo.stop();
  await emulator.stop();
});

const number = fc.constantFrom(...NUMBERS);
const legAndPhase = fc.oneof(
  { arbitrary: fc.constantFrom('customer.start', 'customer.end', 'user.start', 'user.end'), weight: 6 },
  { arbitrary: fc.constantFrom('acd.start', 'acd.end', 'outbound', 'attributes', 'flow.end', 'wrapup'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
);
const conversation = fc.oneof({ arbitrary: fc.constantFrom(...OURS), weight: 3 }, { arbitrary: fc.uuid(), weight: 3 }, { arbitrary: fc.string({ maxLength: 40 }), weight: 1 });
const disconnectType = fc.oneof(fc.constantFrom(...Object.values(DISCONNECT_TYPES).flat()), fc.string(), number, fc.integer(), fc.constant(null));
const eventTime = fc.oneof(
  { arbitrary: fc.integer({ min: Date.now() - 3_600_000, max: Date.now() + 60_000 }), weight: 6 },
  { arbitrary: fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.integer()), weight: 1 },
);
/** A body with the real fields, some of them wrong, and numbers wherever the real one has them. */
const realishBody = fc.record(
  {
    eventTime,
    conversationId: fc.oneof(fc.constantFrom(...OURS), fc.uuid()),
    participantId: fc.uuid(),
    mediaType: fc.constantFrom('VOICE', 'CHAT', 'EMAIL'),
    direction: fc.constantFrom('OUTBOUND', 'INBOUND', 'UNKNOWN'),
    ani: number,
    dnis: number,
    addressTo: number,
    addressFrom: number,
    disconnectType,
    interactingDurationMs: fc.oneof(fc.nat(), fc.integer(), fc.double(), number),
    userId: fc.uuid(),
  },
  { requiredKeys: ['eventTime'] },
);
const body = fc.oneof({ arbitrary: realishBody, weight: 6 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 }, { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 });

/** The envelope of a real delivery around the generated parts, or (rarely) anything at all. */
const delivery = fc.oneof(
  {
    arbitrary: fc.record({ conversationId: conversation, topic: legAndPhase, eventBody: body, correlationId: fc.uuid() }).map(({ conversationId, topic, eventBody, correlationId }) => ({
      version: '0',
      id: crypto.randomUUID(),
      'detail-type': `v2.detail.events.conversation.{id}.${topic}`,
      source: 'aws.partner/genesys.com/cloud/e0000000-0000-4000-8000-0000000000a0/fuzz',
      account: '123456789012',
      time: new Date().toISOString().slice(0, 19) + 'Z',
      region: 'us-east-1',
      resources: [],
      detail: { topicName: `v2.detail.events.conversation.${conversationId}.${topic}`, version: '2', eventBody, metadata: { CorrelationId: correlationId }, timestamp: new Date().toISOString() },
    })),
    weight: 20,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);

function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'object' && value !== null) for (const child of Object.values(value)) collectStrings(child, into);
  return into;
}

describe('callEvents handler under generated events', () => {
  it(`never throws, writes only records of calls it placed, and stores or puts on the bus no number, over ${RUNS} events`, async () => {
    // Prepare
    const results = new Map<string, number>();

    // Act
    await fc.assert(
      fc.asyncProperty(delivery, async (envelope) => {
        for (const text of collectStrings(envelope)) for (const candidate of NUMBERS) if (text.includes(candidate)) carried.add(candidate);
        const result = await handler(envelope, lambdaContext(10_000, 'genesys-outbound-call-test-callEvents'));
        const key = result.result === 'dropped' ? `dropped ${result.reason}` : result.result;
        results.set(key, (results.get(key) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );

    // Assess
    const items = ((await documents.send(new ScanCommand({ TableName: CALLS_TABLE }))).Items ?? []) as CallRecord[];
    leakGuard.observe(JSON.stringify(items));
    expect(items.map((item) => item.conversationId).sort()).toEqual([...OURS].sort());
    const stored = collectStrings(items);
    expect([...carried].filter((candidate) => stored.some((text) => text.includes(candidate.replace(/^tel:/, ''))))).toEqual([]);
    const disconnectTypes = items.flatMap((item) => Object.values(item.legs ?? {}).map((leg) => leg.disconnectType)).filter((type) => type !== undefined);
    expect(disconnectTypes.filter((type) => !(type in DISCONNECT_TYPES))).toEqual([]);
    // The generator reached every path: applied, unchanged, foreign and each kind of drop.
    expect([...results.keys()].sort()).toEqual(
      expect.arrayContaining(['applied', 'dropped bad_event_time', 'dropped no_event_body', 'dropped not_an_event', 'dropped unknown_topic', 'foreign', 'unchanged']),
    );
    expect(carried.size).toBeGreaterThan(0);
    // Every change was put on the bus, of our calls only, and no number any event carried is in one.
    const busEvents = emulator.records.busEvents;
    expect(busEvents.length).toBeGreaterThan(OURS.length);
    expect(new Set(busEvents.map((event) => event.detail.conversationId))).toEqual(new Set(items.filter((item) => item.legs !== undefined).map((item) => item.conversationId)));
    const put = collectStrings(busEvents);
    expect([...carried].filter((candidate) => put.some((text) => text.includes(candidate.replace(/^tel:/, ''))))).toEqual([]);
  });
});
