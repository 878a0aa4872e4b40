import fc from 'fast-check';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { createHandler as createEventsHandler } from '../../functions/call-events';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createGetHandler } from '../../functions/get-call';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { CALLS_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { loadConfig } from '../../lib/config';
import { createCallEventsContainer } from '../../lib/outcomes/call-events-container';
import { DynamoCallStore } from '../../lib/outcomes/call-store';
import { httpApiEvent, httpApiGetCallEvent } from '../support/api-gateway-events';
import { captureLogs } from '../support/capture-logs';
import { coldContainer, emulatorEnv, lambdaContext, observed, parseBody, startEmulator, waitUntil } from '../support/harness';
import { separatedNumber, showsNumber } from '../support/separated-numbers';

// Issue 19, item 4: a number written with any separators (slashes, underscores, Unicode dashes and
// spaces, …) in a label or in a Genesys message is masked wherever the service puts it. Through the
// real handlers, against the emulator and a real DynamoDB implementation (dynalite): createCall with
// the number in the label, callEvents and getCall with Call outcome events on, and createCall again
// with Genesys answering 400 with a message that quotes the number. Every answer, log line, stored
// record and event put on the bus is searched for the number, its separators removed; only its last
// four digits may show. (The leak guard looks for numbers as E.164, which these are not.)

jest.setTimeout(120_000);

let emulator: Emulator;
let dynamo: LocalDynamoDB;
let store: DynamoCallStore;
const ON = { CALLS_TABLE, CALL_OUTCOME_EVENTS: 'true', CALL_LOOKUP_AFTER_SECONDS: '0' };

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

const postCall = async (body: unknown): Promise<APIGatewayProxyResult> =>
  observed(await createCallHandler(() => coldContainer(emulator, ON))(httpApiEvent(body), lambdaContext()));

describe('a number in a label or a Genesys message, whatever separates its digits', () => {
  it('is masked in every answer, log line, stored record and Call outcome event', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(separatedNumber, async ({ digits, written }) => {
        // Prepare
        emulator.reset();
        emulator.scriptCalls({ outcome: 'answered', ringMs: 0, talkMs: 20, delivery: 'none' });
        const logs = captureLogs();
        const haystacks: string[] = [];

        // Act: the label goes through createCall, the record, callEvents, getCall and the events.
        const placed = await postCall({ to: '+1 415 555 0100', label: `call back ${written}` });
        const id = parseBody(placed).conversationId as string;
        await waitUntil(() => emulator.records.callEvents.length >= 4, () => 'the call played out');
        const callEvents = createEventsHandler(() => createCallEventsContainer(loadConfig(emulatorEnv(emulator, ON))));
        for (const sent of emulator.records.callEvents) await callEvents(sent.envelope, lambdaContext(10_000));
        const read = observed(await createGetHandler(() => coldContainer(emulator, ON))(httpApiGetCallEvent(id), lambdaContext()));
        // A Genesys message quoting the number, as invalid.value messages quote the value.
        emulator.inject('callsForUser', { kind: 'status', status: 400, code: 'invalid.value', message: `Value [${written}] is not valid for field type [phoneNumber].` });
        const refused = await postCall({ to: '+1 415 555 0100' });
        haystacks.push(
          placed.body,
          read.body,
          refused.body,
          JSON.stringify(await store.get(id, Date.now() + 5000)),
          ...emulator.records.busEvents.map((event) => JSON.stringify(event.detail)),
          ...logs.stop().map((line) => JSON.stringify(line)),
        );
        runs += 1;

        // Assess
        expect({ label: parseBody(read).label, refused: parseBody(refused).code, events: emulator.records.busEvents.length }).toEqual({
          label: expect.stringMatching(/^call back /),
          refused: 'genesys_rejected_request',
          events: expect.any(Number),
        });
        expect(emulator.records.busEvents.length).toBeGreaterThan(0);
        expect(haystacks.filter((text) => showsNumber(text, digits))).toEqual([]);
      }),
      { numRuns: 10 },
    );
    expect(runs).toBe(10);
  });
});
