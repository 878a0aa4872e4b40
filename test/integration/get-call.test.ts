import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { createHandler as createCallHandler } from '../../functions/create-call';
import { createHandler as createGetHandler } from '../../functions/get-call';
import { CALLS_TABLE } from '../../emulator/local-dynamodb';
import { httpApiEvent, httpApiGetCallEvent, signedBy } from '../support/api-gateway-events';
import { DynamoCallStore } from '../../lib/outcomes/call-store';
import type { CallRecord } from '../../lib/outcomes/call-record';
import type { HungServer } from '../support/hung-server';
import { startHungServer } from '../support/hung-server';
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

  it('answers an unanswered end without its reasons when the OAuth client lacks conversation:communication:view (the emulator refuses that read)', async () => {
    // Prepare
    emulator.reseed({ roles: [{ ...DEMO.role, permissions: ['conversation:call:add'] }] });
    emulator.scriptCalls({ outcome: 'busy', ringMs: 50, delivery: 'none' });
    const id = await placeCall();
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    const result = await getCall(id);
    const reasonReads = emulator.records.requests.filter((request) => request.endpoint === 'conversation').map((request) => request.status);
    emulator.reseed({});

    // Assess
    expect(parseBody(result)).toMatchObject({ status: 'ended', answered: false, source: 'genesys' });
    expect(parseBody(result)).not.toHaveProperty('disconnectReason');
    expect(reasonReads).toEqual([403]);
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

  it("answers the stored outcome, 200, when Genesys refuses the lookup (403), naming the permission; before: 502 genesys_forbidden on every read", async () => {
    // Prepare
    emulator.scriptCalls({ outcome: 'answered', ringMs: 60_000, delivery: 'none' });
    const id = await placeCall();
    emulator.inject('callConversation', { kind: 'status', status: 403, code: 'missing.any.permissions', messageParams: { permissions: 'conversation:communication:view' } });

    // Act
    const result = await getCall(id);

    // Assess
    expect({ status: result.statusCode, body: parseBody(result) }).toMatchObject({
      status: 200,
      body: {
        status: 'placed',
        lookup: {
          reason: 'genesys_forbidden',
          detail: "Genesys refused to show the call: the OAuth client's role lacks conversation:communication:view. Reading a call's outcome needs conversation:communication:view.",
          lookedUpAt: expect.any(String),
          nextLookupAt: expect.any(String),
        },
      },
    });
  });
});

/** The call's record as the store holds it. */
const recordStore = () => new DynamoCallStore({ tableName: CALLS_TABLE, recordDays: 30, lookupAfterSeconds: 5, readAccess: 'owner' });

/** Moves a record's times `ms` into the past, as if that long had passed since it was placed (and last looked up). */
async function age(conversationId: string, ms: number): Promise<void> {
  const store = recordStore();
  const record = (await store.get(conversationId, Date.now() + 5000)) as CallRecord;
  const lookup = record.lookup && { ...record.lookup, claimedAt: record.lookup.claimedAt - ms };
  expect(await store.replace({ ...record, placedAt: record.placedAt - ms, ...(lookup ? { lookup } : {}), version: record.version + 1 }, Date.now() + 5000)).toBe(true);
}

describe('GET /calls/{conversationId}: lookups bounded per call, whatever Genesys answers (issue 19, item 2)', () => {
  // The default window, CALL_LOOKUP_AFTER_SECONDS=5; each call is aged past it before the first GET.
  const WINDOW = '5';

  /** A call placed through createCall that no event will reach, 6 s old. */
  const quietCall = async (): Promise<string> => {
    emulator.scriptCalls({ outcome: 'answered', ringMs: 60_000, delivery: 'none' });
    const id = await placeCall();
    await age(id, 6000);
    return id;
  };

  it.each([
    ['503', { kind: 'status', status: 503 }, 'genesys_unavailable'],
    ['429', { kind: 'rateLimit', retryAfterSeconds: 1 }, 'genesys_rate_limited'],
  ] as const)(
    'asks Genesys once in a window of 10 GETs when it answers %s, and answers each the stored outcome, 200, saying it could not refresh it (before: 3 reads a GET, each 502/429)',
    async (_status, fault, reason) => {
      // Prepare
      const id = await quietCall();
      emulator.inject('callConversation', fault, 30);

      // Act
      const answers = [];
      for (let i = 0; i < 10; i += 1) answers.push(await getCall(id, WINDOW));

      // Assess
      expect(conversationReads()).toEqual(['callConversation']);
      expect(answers.map((answer) => [answer.statusCode, parseBody(answer).status, (parseBody(answer).lookup as { reason?: string } | undefined)?.reason])).toEqual(
        Array(10).fill([200, 'placed', reason]),
      );
    },
  );

  it('asks once in a window when Genesys answers 200 without a dialled party, and records that it could not tell (before: a read per GET)', async () => {
    // Prepare
    const id = await quietCall();
    emulator.inject('callConversation', { kind: 'garbage', body: 'missingFields' }, 10);

    // Act
    const answers = [];
    for (let i = 0; i < 10; i += 1) answers.push(await getCall(id, WINDOW));

    // Assess
    expect(conversationReads()).toEqual(['callConversation']);
    expect(parseBody(answers[9]).lookup).toEqual({
      reason: 'unrecognised_answer',
      detail: 'Genesys answered, but named no dialled party (customer or external) in a state this service knows; the stored outcome stands.',
      lookedUpAt: expect.any(String),
      nextLookupAt: expect.any(String),
    });
  });

  it('asks once for 10 concurrent GETs, each in its own container: one of them claims the lookup (before: 10 reads)', async () => {
    // Prepare
    const id = await quietCall();

    // Act
    const answers = await Promise.all(Array.from({ length: 10 }, () => getCall(id, WINDOW)));

    // Assess
    expect(conversationReads()).toEqual(['callConversation']);
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(10).fill(200));
    expect(answers.map((answer) => parseBody(answer).status).filter((status) => status === 'ringing').length).toBeGreaterThanOrEqual(1);
  });

  it('asks again once the window has passed since the last lookup, failed or not', async () => {
    // Prepare
    const id = await quietCall();
    emulator.inject('callConversation', { kind: 'status', status: 503 });
    const failed = await getCall(id, WINDOW);
    await age(id, 6000);

    // Act
    const again = await getCall(id, WINDOW);

    // Assess
    expect(conversationReads()).toEqual(['callConversation', 'callConversation']);
    expect({ before: parseBody(failed).lookup !== undefined, after: parseBody(again) }).toMatchObject({ before: true, after: { status: 'ringing', source: 'genesys' } });
    expect(parseBody(again).lookup).toBeUndefined();
  });

  it('stops asking about a call this service placed once Genesys answers 404 for it, for the rest of the record’s life (before: a 404 on every read)', async () => {
    // Prepare: a record of a call the emulator does not know (another region's, say).
    const id = '0d0d0d0d-0000-4000-8000-000000000404';
    await recordStore().create({ conversationId: id, placedAt: Date.now() - 60_000, placedBy: 'arn:aws:iam::1234567890:user/Admin', to: '+*******0100', expiration: Math.floor(Date.now() / 1000) + 3600, version: 1 }, Date.now() + 5000);

    // Act: with no window at all, every GET would be a lookup.
    const first = await getCall(id, '0');
    const later = await getCall(id, '0');

    // Assess
    expect(conversationReads()).toEqual(['callConversation']);
    expect(parseBody(later)).toMatchObject({
      status: 'placed',
      lookup: { reason: 'genesys_unexpected_response', detail: expect.stringContaining('so it is not asked about it again') },
    });
    expect(parseBody(later).lookup).not.toHaveProperty('nextLookupAt');
    expect(first.statusCode).toBe(200);
  });
});

describe('GET /calls/{conversationId}, read by whom (CALL_READ_ACCESS)', () => {
  const CRM = 'arn:aws:sts::123456789012:assumed-role/crm-caller/session-1';
  const OTHER = 'arn:aws:iam::123456789012:user/someone-else';

  /** A call placed through the real createCall handler by `principal`. */
  const placeCallAs = async (principal: string): Promise<string> => {
    const handler = createCallHandler(() => coldContainer(emulator, { CALLS_TABLE }));
    return parseBody(observed(await handler(signedBy(httpApiEvent({ to: '+1 415 555 0100' }), principal), lambdaContext()))).conversationId as string;
  };

  const getCallAs = async (conversationId: string, principal: string, access?: 'owner' | 'account'): Promise<APIGatewayProxyResult> => {
    const env = { CALLS_TABLE, CALL_LOOKUP_AFTER_SECONDS: '3600', ...(access === undefined ? {} : { CALL_READ_ACCESS: access }) };
    const handler = createGetHandler(() => coldContainer(emulator, env));
    const result = observed(await handler(signedBy(httpApiGetCallEvent(conversationId), principal), lambdaContext()));
    expect(answerErrors('GET /calls/{conversationId}', result)).toEqual([]);
    return result;
  };

  it('answers the principal that placed the call, under any session of its role', async () => {
    // Prepare
    const id = await placeCallAs(CRM);

    // Act
    const result = await getCallAs(id, CRM.replace('session-1', 'session-2'));

    // Assess
    expect({ status: result.statusCode, conversationId: parseBody(result).conversationId }).toEqual({ status: 200, conversationId: id });
  });

  it("answers any other principal of the account 404 call_not_found, as for a call never placed, without asking Genesys (before: its outcome)", async () => {
    // Prepare
    const id = await placeCallAs(CRM);
    const unknown = await getCallAs('0f0f0f0f-0000-4000-8000-000000000000', OTHER);

    // Act
    const result = await getCallAs(id, OTHER);

    // Assess
    expect({ status: result.statusCode, body: parseBody(result) }).toEqual({ status: 404, body: parseBody(unknown) });
    expect(conversationReads()).toEqual([]);
  });

  it('answers any principal of the account with CALL_READ_ACCESS=account', async () => {
    // Prepare
    const id = await placeCallAs(CRM);

    // Act
    const result = await getCallAs(id, OTHER, 'account');

    // Assess
    expect({ status: result.statusCode, conversationId: parseBody(result).conversationId }).toEqual({ status: 200, conversationId: id });
  });

  it('keeps a record written before owners were recorded from everyone unless reads are open to the account', async () => {
    // Prepare: a record as the previous version wrote it, with no placedBy.
    const id = '0e0e0e0e-0000-4000-8000-000000000001';
    const store = new DynamoCallStore({ tableName: CALLS_TABLE, recordDays: 30, lookupAfterSeconds: 3600, readAccess: 'owner' });
    await store.create({ conversationId: id, placedAt: Date.now(), to: '+*******0100', expiration: Math.floor(Date.now() / 1000) + 3600, version: 1 }, Date.now() + 5000);

    // Act
    const asOwnerOnly = await getCallAs(id, 'arn:aws:iam::1234567890:user/Admin');
    const asAccount = await getCallAs(id, OTHER, 'account');

    // Assess
    expect({ owner: asOwnerOnly.statusCode, account: asAccount.statusCode }).toEqual({ owner: 404, account: 200 });
  });
});

describe('GET /calls/{conversationId} with a hung call records store (accepts the connection, never answers)', () => {
  let hung: HungServer;
  let previous: string | undefined;
  beforeEach(async () => {
    hung = await startHungServer();
    previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = hung.url;
  });
  afterEach(async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    await hung.stop();
  });

  it('answers 503 call_records_unavailable at the store bound, asking Genesys nothing (before: 500 internal_error)', async () => {
    // Act
    const result = await getCall('0c0c0c0c-0000-4000-8000-000000000503');

    // Assess
    expect({ status: result.statusCode, code: parseBody(result).code }).toEqual({ status: 503, code: 'call_records_unavailable' });
    expect(hung.connections()).toBeGreaterThan(0);
    expect(conversationReads()).toEqual([]);
  });
});
