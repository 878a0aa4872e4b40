import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createGetHandler } from '../../functions/get-call';
import { CALLS_TABLE } from '../../emulator/local-dynamodb';
import { httpApiEvent, httpApiGetCallEvent } from '../support/api-gateway-events';
import { answerErrors } from '../support/openapi';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, observed, parseBody, waitUntil } from '../support/harness';

// GET /calls/{conversationId} in process, against the emulator over HTTP and a real DynamoDB
// implementation (dynalite): records written by createCall, updated by the emulator's events
// through callEvents, and the lookup in Genesys when no event came.

let emulator: Emulator;
let stopAll: () => Promise<void>;
beforeAll(async () => ({ emulator, stop: stopAll } = await startEmulatorAndDynamo({ deliverCallEvents: true })));
afterAll(() => stopAll());
beforeEach(() => emulator.reset());

const placeCall = async (to = '+1 415 555 0100'): Promise<string> => {
  const handler = createCallHandler(() => coldContainer(emulator, { CALLS_TABLE }));
  return parseBody(observed(await handler(httpApiEvent({ to, label: 'renewals' }), lambdaContext()))).conversationId as string;
};

/** A GET /calls/{id} as API Gateway's HTTP API delivers it; `lookupAfter` is CALL_LOOKUP_AFTER_SECONDS. */
async function getCall(conversationId: string, lookupAfter = '0'): Promise<APIGatewayProxyResult> {
  const handler = createGetHandler(() => coldContainer(emulator, { CALLS_TABLE, CALL_LOOKUP_AFTER_SECONDS: lookupAfter }));
  const result = observed(await handler(httpApiGetCallEvent(conversationId), lambdaContext()));
  // Every answer, whatever the test asserts of it, is one openapi.yaml documents.
  expect(answerErrors('GET /calls/{conversationId}', result)).toEqual([]);
  return result;
}

const conversationReads = () => emulator.records.requests.filter((request) => request.endpoint === 'callConversation' || request.endpoint === 'conversation').map((request) => request.endpoint);

const waitFor = (check: () => boolean): Promise<void> => waitUntil(check, () => 'condition not met');

describe('GET /calls/{conversationId}', () => {
  it('answers the outcome events recorded, without asking Genesys', async () => {
    // Prepare
    emulator.scriptCalls({ outcome: 'answered', ringMs: 50, talkMs: 1100 });
    const id = await placeCall();
    await waitFor(() => emulator.records.callEvents.filter((event) => event.outcome === 'delivered').length === 4);

    // Act
    const result = await getCall(id);

    // Assess
    expect({ status: result.statusCode, body: parseBody(result) }).toEqual({
      status: 200,
      body: {
        conversationId: id,
        status: 'ended',
        answered: true,
        disconnectType: 'endpoint',
        placedAt: expect.any(String),
        connectedAt: expect.any(String),
        endedAt: expect.any(String),
        talkSeconds: 1,
        to: '+*******0100',
        toCountry: 'US',
        userId: expect.any(String),
        label: 'renewals',
        source: 'events',
      },
    });
    expect(conversationReads()).toEqual([]);
  });

  it.each([
    ['a conversation this service did not place', '0f0f0f0f-0000-4000-8000-000000000000'],
    ['an id that is not a conversation id', 'calls;drop'],
  ])('answers 404 call_not_found for %s, without asking Genesys', async (_name, id) => {
    // Act
    const result = await getCall(id);

    // Assess
    expect({ status: result.statusCode, type: result.headers?.['content-type'], code: parseBody(result).code }).toEqual({
      status: 404,
      type: 'application/problem+json',
      code: 'call_not_found',
    });
    expect(emulator.records.requests.filter((request) => request.endpoint !== 'control')).toEqual([]);
  });

  it('asks Genesys once when no event came, stores what it learnt, and does not ask again', async () => {
    // Prepare
    emulator.scriptCalls({ outcome: 'busy', ringMs: 50, delivery: 'none' });
    const id = await placeCall();
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    const first = await getCall(id);
    const second = await getCall(id, '3600');

    // Assess
    const expected = {
      status: 'ended',
      answered: false,
      disconnectType: 'endpoint',
      disconnectReason: { sip: { code: 486, phrase: 'Busy Here' }, q850: { code: 17, phrase: 'User busy' } },
      talkSeconds: 0,
      source: 'genesys',
    };
    expect(parseBody(first)).toMatchObject(expected);
    expect(parseBody(second)).toEqual(parseBody(first));
    expect(conversationReads()).toEqual(['callConversation', 'conversation']);
  });

  it('does not ask Genesys about a call younger than CALL_LOOKUP_AFTER_SECONDS', async () => {
    // Prepare
    emulator.scriptCalls({ outcome: 'answered', ringMs: 60_000, delivery: 'none' });
    const id = await placeCall();

    // Act
    const result = await getCall(id, '60');

    // Assess
    expect(parseBody(result)).toMatchObject({ status: 'placed', answered: null });
    expect(conversationReads()).toEqual([]);
  });

  it('answers a Genesys refusal of the lookup as problem+json', async () => {
    // Prepare
    emulator.scriptCalls({ outcome: 'answered', ringMs: 60_000, delivery: 'none' });
    const id = await placeCall();
    emulator.inject('callConversation', { kind: 'status', status: 403, code: 'missing.any.permissions', messageParams: { permissions: 'conversation:communication:view' } });

    // Act
    const result = await getCall(id);

    // Assess
    expect({ status: result.statusCode, body: parseBody(result) }).toMatchObject({
      status: 502,
      body: {
        code: 'genesys_forbidden',
        detail: "Genesys refused to show the call: the OAuth client's role lacks conversation:communication:view. Reading a call's outcome needs conversation:communication:view.",
      },
    });
  });
});
