import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { BusEvent, CallScript, Emulator, EventBridgeEnvelope } from '../../emulator';
import { createHandler as createEventsHandler } from '../../functions/call-events';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createGetHandler } from '../../functions/get-call';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { CALLS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { loadConfig } from '../../lib/config';
import type { CallRecord } from '../../lib/outcomes/call-record';
import { createCallEventsContainer } from '../../lib/outcomes/call-events-container';
import { DynamoCallStore } from '../../lib/outcomes/call-store';
import { outcomeOf } from '../../lib/outcomes/outcome';
import { httpApiEvent, httpApiGetCallEvent } from '../support/api-gateway-events';
import { captureEmf, totalsByCode } from '../support/emf';
import { captureLogs } from '../support/capture-logs';
import { coldContainer, emulatorEnv, lambdaContext, observed, parseBody, startEmulator, waitUntil } from '../support/harness';
import { leakGuard } from '../support/leak-guard';

// `Call outcome` events on the default bus, in process: the real callEvents and getCall handlers
// with CALL_OUTCOME_EVENTS=true, the real @aws-sdk/client-eventbridge pointed at the emulator's
// PutEvents (AWS_ENDPOINT_URL_EVENTBRIDGE), records in a real DynamoDB implementation (dynalite).
// The Genesys events are taken from the emulator (delivery `none`) and handed to callEvents here,
// so that a failed put can be followed by the redelivery EventBridge would make.

let emulator: Emulator;
let dynamo: LocalDynamoDB;
let store: DynamoCallStore;
const ON = { CALLS_TABLE, CALL_OUTCOME_EVENTS: 'true' };

beforeAll(async () => {
  emulator = await startEmulator();
  dynamo = await startLocalDynamoDB();
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.url, AWS_ENDPOINT_URL_EVENTBRIDGE: emulator.url });
  store = new DynamoCallStore(loadConfig(emulatorEnv(emulator, { CALLS_TABLE })).calls);
});
afterAll(async () => {
  await dynamo.stop();
  await emulator.stop();
});
beforeEach(() => emulator.reset());

/** callEvents as deployed with `env` (a cold container each time, as after a redeploy). */
const callEvents = (env: Record<string, string> = ON) => createEventsHandler(() => createCallEventsContainer(loadConfig(emulatorEnv(emulator, env))));

/** Places a call to +1 415 555 0100 whose events the emulator records but does not deliver. */
async function placeCall(script: Partial<CallScript>): Promise<string> {
  emulator.scriptCalls({ ...script, delivery: 'none' });
  const handler = createCallHandler(() => coldContainer(emulator, { CALLS_TABLE }));
  return parseBody(observed(await handler(httpApiEvent({ to: '+1 415 555 0100', label: 'renewal, or +1 415 555 0199' }), lambdaContext()))).conversationId as string;
}

/** The Genesys events of the call, in the order the emulator produced them, once there are `count`. */
async function genesysEvents(count: number): Promise<EventBridgeEnvelope[]> {
  await waitUntil(() => emulator.records.callEvents.length >= count, () => `only ${emulator.records.callEvents.length} of ${count} events`);
  return emulator.records.callEvents.map((sent) => sent.envelope);
}

const details = () => emulator.records.busEvents.map((event) => event.detail);
const statuses = () => details().map((detail) => [detail.previousStatus, detail.status]);
const putRequests = () => emulator.records.requests.filter((request) => request.endpoint === 'putEvents');
const recordOf = async (id: string) => (await store.get(id, Date.now() + 5000)) as CallRecord;

async function getCall(id: string, env: Record<string, string> = ON): Promise<APIGatewayProxyResult> {
  const handler = createGetHandler(() => coldContainer(emulator, { ...env, CALL_LOOKUP_AFTER_SECONDS: '0' }));
  return observed(await handler(httpApiGetCallEvent(id), lambdaContext()));
}

describe('Call outcome events', () => {
  describe('from callEvents', () => {
    it("puts one event per change of an answered call, in order, with the masked number and the outcome's fields", async () => {
      // Prepare
      const id = await placeCall({ outcome: 'answered', ringMs: 50, talkMs: 1100 });
      const handler = callEvents();

      const envelopes = await genesysEvents(4);

      // Act
      const { lines } = await captureEmf(async () => {
        for (const envelope of envelopes) await handler(envelope, lambdaContext(10_000));
      });

      // Assess
      expect(totalsByCode(lines, 'CallOutcomeEvents')).toEqual({ put: 3 });
      expect(emulator.records.busEvents.map((event: BusEvent) => [event.source, event['detail-type']])).toEqual(Array(3).fill(['genesys-outbound-call', 'Call outcome']));
      expect(statuses()).toEqual([
        ['placed', 'ringing'],
        ['ringing', 'connected'],
        ['connected', 'ended'],
      ]);
      expect(details()[2]).toEqual({
        outcomeId: expect.stringMatching(/^[0-9a-f]{32}$/),
        conversationId: id,
        status: 'ended',
        previousStatus: 'connected',
        answered: true,
        disconnectType: 'endpoint',
        placedAt: expect.any(String),
        connectedAt: expect.any(String),
        endedAt: expect.any(String),
        talkSeconds: 1,
        to: '+*******0100',
        toCountry: 'US',
        userId: expect.any(String),
        label: 'renewal, or +* *** *** 0199',
        source: 'events',
      });
      expect(JSON.stringify(emulator.records.busEvents)).not.toMatch(/4155550100|4155550199/);
      expect(outcomeOf(await recordOf(id))).toMatchObject({ status: 'ended', answered: true });
    });

    it('puts nothing for a duplicate or a late start: only a change is an event', async () => {
      // Prepare
      await placeCall({ outcome: 'busy', ringMs: 50 });
      const handler = callEvents();
      const envelopes = await genesysEvents(3);

      // Act
      for (const envelope of [...envelopes, ...envelopes, envelopes[0] as EventBridgeEnvelope]) await handler(envelope, lambdaContext(10_000));

      // Assess
      expect(statuses()).toEqual([
        ['placed', 'ringing'],
        ['ringing', 'ended'],
      ]);
    });

    it.each([
      // A 500 is tried twice by the SDK (maxAttempts 2); a 200 with a refused entry is an answer, tried once.
      ['EventBridge answers an error', { kind: 'awsError', type: 'InternalException', status: 500, message: 'Internal error' }, 2, 'InternalException'],
      ['EventBridge refuses the entry (FailedEntryCount 1)', { kind: 'failEntries' }, 1, 'OutcomeEventRefusedError'],
    ] as const)('fails the Genesys event and stores nothing when %s, so that its redelivery puts the event (at least once)', async (_name, fault, times, cause) => {
      // Prepare
      const id = await placeCall({ outcome: 'answered', ringMs: 50, talkMs: 60_000 });
      const [userStart] = await genesysEvents(1);
      const handler = callEvents();
      emulator.inject('putEvents', fault, times);
      const logs = captureLogs();

      // Act
      const failed = await captureEmf(() => handler(userStart as EventBridgeEnvelope, lambdaContext(10_000)).then(() => 'returned', () => 'threw'));
      const afterFailure = outcomeOf(await recordOf(id)).status;
      const redelivered = await handler(userStart as EventBridgeEnvelope, lambdaContext(10_000));

      // Assess
      expect(failed.result).toBe('threw');
      expect(totalsByCode(failed.lines, 'CallOutcomeEvents')).toEqual({ failed: 1 });
      expect(logs.stop().filter((line) => line.level === 'ERROR').map((line) => [line.message, line.result, line.cause])).toEqual([
        ['genesys event not applied: the call records could not be read or written, or its Call outcome event not put; Lambda retries it', 'failed', cause],
      ]);
      expect(afterFailure).toBe('placed');
      expect(redelivered).toEqual({ result: 'applied', conversationId: id, changed: true });
      expect(statuses()).toEqual([['placed', 'ringing']]);
      expect(outcomeOf(await recordOf(id)).status).toBe('ringing');
    });

    it('gives up on a bus that does not answer within the bound (2 s), not at the end of the invocation', async () => {
      // Prepare
      await placeCall({ outcome: 'answered', ringMs: 50, talkMs: 60_000 });
      const [userStart] = await genesysEvents(1);
      const handler = callEvents();
      emulator.inject('putEvents', { kind: 'delay', ms: 20_000 }, 2);
      const startedAt = Date.now();

      // Act
      const outcome = await handler(userStart as EventBridgeEnvelope, lambdaContext(25_000)).then(() => 'returned', (error: Error) => error.name);

      // Assess
      expect(outcome).toBe('StoreTimeoutError');
      // Generous on a loaded machine: the bound is 2 s, the invocation had 25 s and the bus 20 s.
      expect(Date.now() - startedAt).toBeLessThan(8000);
    });

    it('puts nothing, and never calls EventBridge, when CALL_OUTCOME_EVENTS is off (the default)', async () => {
      // Prepare
      const id = await placeCall({ outcome: 'answered', ringMs: 50, talkMs: 100 });
      const handler = callEvents({ CALLS_TABLE });

      // Act
      for (const envelope of await genesysEvents(4)) await handler(envelope, lambdaContext(10_000));

      // Assess
      expect(outcomeOf(await recordOf(id)).status).toBe('ended');
      expect(putRequests()).toEqual([]);
    });
  });

  describe("from getCall's lookup in Genesys", () => {
    it('puts the change the lookup taught, with source genesys', async () => {
      // Prepare
      const id = await placeCall({ outcome: 'busy', ringMs: 0 });
      await genesysEvents(3);

      // Act
      const result = await getCall(id);

      // Assess
      expect(parseBody(result)).toMatchObject({ status: 'ended', answered: false, source: 'genesys' });
      expect(details()).toEqual([expect.objectContaining({ conversationId: id, previousStatus: 'placed', status: 'ended', answered: false, source: 'genesys', to: '+*******0100', disconnectReason: expect.objectContaining({ sip: { code: 486, phrase: 'Busy Here' } }) })]);
      leakGuard.observe(JSON.stringify(await recordOf(id)));
    });

    it.each([
      ['an error', { kind: 'awsError', type: 'ThrottlingException', message: 'Rate exceeded' }, 2],
      ['a refused entry', { kind: 'failEntries', errorCode: 'ThrottlingException' }, 1],
    ] as const)('answers what it learnt when the put meets %s, but stores it only once the next lookup (CALL_LOOKUP_AFTER_SECONDS=0 here) put the event', async (_name, fault, times) => {
      // Prepare
      const id = await placeCall({ outcome: 'busy', ringMs: 0 });
      await genesysEvents(3);
      emulator.inject('putEvents', fault, times);
      const logs = captureLogs();

      // Act
      const first = await getCall(id);
      const storedAfterFirst = outcomeOf(await recordOf(id)).status;
      const second = await getCall(id);

      // Assess
      expect([first.statusCode, parseBody(first).status, parseBody(first).answered]).toEqual([200, 'ended', false]);
      expect(logs.stop().filter((line) => line.level === 'WARN').map((line) => line.message)).toEqual([
        'the Call outcome event could not be put: the outcome is answered but not stored, so the next lookup asks Genesys again',
      ]);
      expect(storedAfterFirst).toBe('placed');
      expect(parseBody(second)).toEqual(parseBody(first));
      expect(statuses()).toEqual([['placed', 'ended']]);
      expect(outcomeOf(await recordOf(id)).status).toBe('ended');
    });
  });

  describe('the EventBridge client', () => {
    it("is not loaded with any function's module: createCall's and scheduledCalls' cold start never pays for it", async () => {
      // Prepare: a fresh Node process, as a Lambda cold start, loading each handler module.
      const script = [
        "for (const name of ['create-call', 'scheduled-calls', 'get-call', 'call-events']) require('./functions/' + name);",
        "console.log(JSON.stringify(Object.keys(require.cache).filter((path) => path.includes('client-eventbridge')).length));",
      ].join('\n');

      // Act
      const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '..', '..') });

      // Assess
      expect(JSON.parse(stdout)).toBe(0);
    });
  });
});
