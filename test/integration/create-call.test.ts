import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { createHandler } from '../../functions/create-call';
import { createContainer } from '../../lib/container';
import { loadConfig } from '../../lib/config';
import { httpApiEvent, restApiEvent } from '../support/api-gateway-events';
import { createCallRequestErrors } from '../support/create-call-schema';
import { callsSettled, coldContainer, emulatorEnv, lambdaContext, observed, parseBody, startEmulator } from '../support/harness';
import { captureLogs } from '../support/capture-logs';
import { freePort } from '../support/processes';
import { startProxy } from '../support/proxy';

// The handler runs in this process; Genesys and Secrets Manager are the emulator, over real HTTP,
// reached by the real ky and AWS SDK clients. Only the Lambda context object is built by hand.

const UNKNOWN_ID = '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());
afterEach(() => callsSettled(emulator));

/** One container (cold, then warm), as Lambda would keep it between invocations. */
function containerOf(overrides: Record<string, string | undefined> = {}) {
  const container = coldContainer(emulator, overrides);
  const handler = createHandler(() => container);
  return {
    container,
    invoke: async (body: unknown, options: { remainingMs?: number; rest?: boolean } = {}): Promise<APIGatewayProxyResult> =>
      observed(await handler(options.rest ? restApiEvent(body) : httpApiEvent(body), lambdaContext(options.remainingMs))),
  };
}

function expectProblem(result: APIGatewayProxyResult, status: number, code: string): Record<string, unknown> {
  const body = parseBody(result);
  expect({ statusCode: result.statusCode, contentType: result.headers?.['content-type'], code: body.code }).toEqual({
    statusCode: status,
    contentType: 'application/problem+json',
    code,
  });
  return body;
}

describe('createCall handler', () => {
  describe('places a call', () => {
    it('answers 201 with the conversation id, masked number and Genesys correlation id (HTTP API payload)', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const result = await invoke({ to: '(415) 555-0100', label: 'renewals', attributes: { account: '42' } });

      // Assess
      const [placed] = emulator.records.callsPlaced;
      expect(result).toEqual({
        statusCode: 201,
        headers: { 'content-type': 'application/json', 'inin-correlation-id': expect.any(String) },
        body: JSON.stringify({
          conversationId: placed.conversationId,
          selfUri: `/api/v2/conversations/calls/${placed.conversationId}`,
          to: '+*******0100',
          toCountry: 'US',
          userId: DEMO.userWithStation.id,
        }),
      });
      expect(placed).toMatchObject({
        endpoint: 'callsForUser',
        userId: DEMO.userWithStation.id,
        body: { phoneNumber: '+14155550100', label: 'renewals', attributes: { account: '42' } },
      });
    });

    it('accepts the REST API (1.0) payload the same way', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const result = await invoke({ to: '020 7946 0018', country: 'GB' }, { rest: true });

      // Assess
      expect(result.statusCode).toBe(201);
      expect(emulator.records.callsPlaced.map((call) => call.body)).toEqual([{ phoneNumber: '+442079460018' }]);
    });

    const formats: Array<[string, string | undefined, string]> = [
      ['+1 415 555 0100', undefined, '+14155550100'],
      ['(415) 555-0100', undefined, '+14155550100'],
      ['415.555.0100', undefined, '+14155550100'],
      ['1-415-555-0100', undefined, '+14155550100'],
      ['tel:+1-415-555-0100', undefined, '+14155550100'],
      ['011 44 20 7946 0018', undefined, '+442079460018'],
      ['00 44 20 7946 0018', undefined, '+442079460018'],
      ['020 7946 0018', 'GB', '+442079460018'],
      ['＋１ ４１５ ５５５ ０１００', undefined, '+14155550100'],
    ];
    it.each(formats)('turns %p (country %s) into exactly one call to %s with a schema-valid body', async (to, country, e164) => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const result = await invoke({ to, ...(country ? { country } : {}), callerId: '+1 415 555 0199' });

      // Assess
      expect(result.statusCode).toBe(201);
      expect(emulator.records.callPosts).toBe(1);
      const [placed] = emulator.records.callsPlaced;
      expect(placed.body).toEqual({ phoneNumber: e164, callerId: '+14155550199' });
      expect(createCallRequestErrors(placed.body)).toEqual([]);
    });

    it('calls on behalf of the user the request names, from its queue', async () => {
      // Prepare
      const { invoke } = containerOf({ GENESYS_CALL_USER_ID: undefined });

      // Act
      const result = await invoke({ to: '+14155550100', userId: DEMO.userWithStation.id, queueId: DEMO.queue.id });

      // Assess
      expect(result.statusCode).toBe(201);
      expect(emulator.records.callsPlaced).toEqual([
        expect.objectContaining({
          userId: DEMO.userWithStation.id,
          body: { phoneNumber: '+14155550100', callFromQueueId: DEMO.queue.id },
        }),
      ]);
    });
  });

  describe('dry run', () => {
    it('answers 200 with the exact request, numbers in full for the caller who sent them, and sends nothing, not even a token request', async () => {
      // Prepare
      const { invoke } = containerOf();
      const capture = captureLogs();

      // Act
      const result = await invoke({ to: '020 7946 0958', country: 'GB', callerId: '020 7946 0959', callerIdName: 'Acme', dryRun: true });

      // Assess
      const logs = capture.stop();
      expect(result).toEqual({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          dryRun: true,
          to: '+442079460958',
          toCountry: 'GB',
          callerId: '+442079460959',
          userId: DEMO.userWithStation.id,
          request: {
            method: 'POST',
            url: `${emulator.url}/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`,
            path: `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`,
            body: { phoneNumber: '+442079460958', callerId: '+442079460959', callerIdName: 'Acme' },
          },
        }),
      });
      expect(emulator.records.requests).toEqual([]);
      // The log line is not an answer to the caller: it stays masked.
      expect(logs).toEqual([expect.objectContaining({ message: 'dry run', to: '+********0958', callerId: '+********0959' })]);
      expect(logs.map((line) => JSON.stringify(line)).join('\n')).not.toMatch(/442079460958|442079460959/);
    });
  });

  describe('bad input never reaches Genesys', () => {
    const cases: Array<[string, unknown, number, string, string | undefined]> = [
      ['a body that is not JSON', '{"to": ', 400, 'invalid_json', undefined],
      ['a JSON array', [], 400, 'invalid_json', undefined],
      ['a tutorial from/to body', { from: { address: '+14155550199' }, to: { address: '+14155550100' } }, 400, 'invalid_request', 'from'],
      ['a missing to', { country: 'US' }, 400, 'invalid_request', 'to'],
      ['an invalid number', { to: '415 555' }, 422, 'invalid_phone_number', 'to'],
      ['an invalid callerId', { to: '+14155550100', callerId: '12' }, 422, 'invalid_phone_number', 'callerId'],
      ['a country outside ALLOWED_COUNTRIES', { to: '+33 1 23 45 67 89' }, 422, 'destination_not_allowed', 'to'],
      ['a premium-rate number', { to: '+1 900 555 0100' }, 422, 'destination_not_allowed', 'to'],
      ['a satellite number (+881), which has no country', { to: '+881 6 123 45678' }, 422, 'destination_not_allowed', 'to'],
      ['a non-geographic callerId (+883)', { to: '+14155550100', callerId: '+883 510 012 345' }, 422, 'destination_not_allowed', 'callerId'],
    ];
    it.each(cases)('answers %s with a problem and makes no request at all', async (_name, body, status, code, field) => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const result = await invoke(body);

      // Assess
      const problem = expectProblem(result, status, code);
      expect(problem.field).toBe(field);
      expect(emulator.records.requests).toEqual([]);
    });

    it.each([
      ['+881 6 123 45678', 'to'],
      ['+870 773 111 632', 'to'],
      ['+882 342 1234', 'to'],
      ['+883 510 012 345', 'callerId'],
    ])('refuses %s as %s with ALLOWED_COUNTRIES=* and no type blocked: numbers without a country are off by default', async (number, field) => {
      // Prepare
      const { invoke } = containerOf({ ALLOWED_COUNTRIES: '*', BLOCKED_NUMBER_TYPES: 'NONE' });
      const body = field === 'to' ? { to: number } : { to: '+14155550100', callerId: number };

      // Act
      const result = await invoke(body);

      // Assess
      const problem = expectProblem(result, 422, 'destination_not_allowed');
      expect(problem).toMatchObject({ field, rule: 'non_geographic_numbers' });
      expect(emulator.records.requests).toEqual([]);
    });

    it('places a call to a non-geographic number when ALLOW_NON_GEOGRAPHIC_NUMBERS=true', async () => {
      // Prepare
      const { invoke } = containerOf({ ALLOW_NON_GEOGRAPHIC_NUMBERS: 'true' });

      // Act
      const result = await invoke({ to: '+881 6 123 45678' });

      // Assess
      expect(result.statusCode).toBe(201);
      expect(emulator.records.callsPlaced.map((call) => call.body)).toEqual([{ phoneNumber: '+881612345678' }]);
    });

    it('answers a missing setting with 500 configuration_error naming it, and calls nobody', async () => {
      // Prepare
      const handler = createHandler(() => createContainer(loadConfig(emulatorEnv(emulator, { GENESYS_CREDENTIALS_SECRET_ID: undefined }))));

      // Act
      const result = observed(await handler(httpApiEvent({ to: '+14155550100' }), lambdaContext()));

      // Assess
      const problem = expectProblem(result, 500, 'configuration_error');
      expect(problem).toMatchObject({ variable: 'GENESYS_CREDENTIALS_SECRET_ID' });
      expect(emulator.records.requests).toEqual([]);
    });
  });

  describe('maps every Genesys outcome', () => {
    it('not.a.user: no user known, so /calls with a client token → 500 genesys_user_context_required', async () => {
      // Prepare
      const { invoke } = containerOf({ GENESYS_CALL_USER_ID: undefined });

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      const problem = expectProblem(result, 500, 'genesys_user_context_required');
      expect(problem.genesys).toEqual({ status: 400, code: 'not.a.user', correlationId: expect.any(String) });
      expect(emulator.records.callPosts).toBe(1);
    });

    it('no station, user chosen by configuration → 502 genesys_user_has_no_station', async () => {
      // Prepare
      const { invoke } = containerOf({ GENESYS_CALL_USER_ID: DEMO.userWithoutStation.id });

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_user_has_no_station');
    });

    it('no station, user chosen by the caller → 409 genesys_user_has_no_station', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100', userId: DEMO.userWithoutStation.id }), 409, 'genesys_user_has_no_station');
    });

    it('unknown user named by the caller → 422 genesys_not_found', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100', userId: UNKNOWN_ID }), 422, 'genesys_not_found');
    });

    it('unknown queue named by the caller → 422 genesys_not_found', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100', queueId: UNKNOWN_ID }), 422, 'genesys_not_found');
    });

    it('unknown GENESYS_CALL_USER_ID → 502 genesys_not_found', async () => {
      // Prepare
      const { invoke } = containerOf({ GENESYS_CALL_USER_ID: UNKNOWN_ID });

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_not_found');
    });

    it('400 invalid.value → 422 genesys_rejected_request keeping the Genesys message', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', {
        kind: 'status',
        status: 400,
        code: 'invalid.value',
        message: 'Value [x] is not valid for field type [uuiData]. Allowable values are: hex',
      });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100', uuiData: 'x' }), 422, 'genesys_rejected_request');

      // Assess
      expect(problem.detail).toBe(
        'Genesys rejected the request (invalid.value): Value [x] is not valid for field type [uuiData]. Allowable values are: hex',
      );
    });

    it('400 bad.request → 422 genesys_rejected_request', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', { kind: 'status', status: 400, code: 'bad.request' });

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100' }), 422, 'genesys_rejected_request');
    });

    it('403 → 502 genesys_forbidden naming the missing permission', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', {
        kind: 'status',
        status: 403,
        code: 'missing.any.permissions',
        messageParams: { perms: 'conversation:agentlessCall:add, conversation:call:add' },
      });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_forbidden');

      // Assess
      expect(problem.detail).toContain('conversation:agentlessCall:add, conversation:call:add');
    });

    describe('a client whose role grants neither call permission (seeded, not a fault)', () => {
      afterEach(() => emulator.reseed({}));

      it('→ 502 genesys_forbidden naming both permissions, from the emulator\'s own 403, and no call placed', async () => {
        // Prepare
        emulator.reseed({ roles: [{ ...DEMO.role, permissions: ['oauth:client:view', 'authorization:role:view'] }] });
        const { invoke } = containerOf();

        // Act
        const problem = expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_forbidden');

        // Assess
        expect(problem.detail).toBe(
          "The OAuth client's role has none of the Genesys permissions conversation:agentlessCall:add, conversation:call:add; any one of them is enough. Add one to the role granted to the client.",
        );
        expect(emulator.records.callsPlaced).toEqual([]);
        expect(emulator.records.callPosts).toBe(1);
      });
    });

    it('401 on the call, and again after one refresh → 502 genesys_auth_failed after exactly two POSTs', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', { kind: 'status', status: 401, code: 'bad.credentials' }, 2);

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expectProblem(result, 502, 'genesys_auth_failed');
      expect({ callPosts: emulator.records.callPosts, tokenRequests: emulator.records.tokenRequests }).toEqual({ callPosts: 2, tokenRequests: 2 });
    });

    it('token endpoint 400 unauthorized_client → 502 genesys_auth_failed, no call POST', async () => {
      // Prepare
      emulator.inject('token', { kind: 'status', status: 400, code: 'unauthorized_client' });
      const { invoke } = containerOf();

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_auth_failed');
      expect(emulator.records.callPosts).toBe(0);
    });

    it('token endpoint 401 invalid_client with a secret that stays wrong → re-read once, then 502 genesys_auth_failed', async () => {
      // Prepare
      emulator.setSecret(DEMO.secretId, JSON.stringify({ clientId: DEMO.clientId, clientSecret: 'wrong' }));
      const { invoke } = containerOf();

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expectProblem(result, 502, 'genesys_auth_failed');
      expect({ secretReads: emulator.records.secretReads, tokenRequests: emulator.records.tokenRequests, callPosts: emulator.records.callPosts }).toEqual({
        secretReads: 2,
        tokenRequests: 1,
        callPosts: 0,
      });
    });

    it('token endpoint down (503 three times) → 502 genesys_unavailable after the token retries, no call POST', async () => {
      // Prepare
      emulator.inject('token', { kind: 'status', status: 503 }, 3);
      const { invoke } = containerOf();

      // Act / Assess
      expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_unavailable');
      expect({ tokenRequests: emulator.records.tokenRequests, callPosts: emulator.records.callPosts }).toEqual({ tokenRequests: 3, callPosts: 0 });
    });

    it('token endpoint failing once → retried, and the call is placed', async () => {
      // Prepare
      emulator.inject('token', { kind: 'status', status: 502 });
      const { invoke } = containerOf();

      // Act / Assess
      expect((await invoke({ to: '+14155550100' })).statusCode).toBe(201);
      expect(emulator.records.tokenRequests).toBe(2);
    });

    it.each([500, 502, 503, 504])('%i on the call → 502 genesys_unavailable with exactly one call POST', async (status) => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', { kind: 'status', status, message: 'internal detail that must not leak' });

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expectProblem(result, 502, 'genesys_unavailable');
      expect(result.body).not.toContain('internal detail');
      expect(emulator.records.callPosts).toBe(1);
    });

    it('a dropped connection → 502 genesys_unavailable saying the call may have been placed, one call POST', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', { kind: 'drop' });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_unavailable');

      // Assess
      expect(problem.detail).toContain('may have been placed');
      expect(emulator.records.callPosts).toBe(1);
    });

    it('no answer within GENESYS_TIMEOUT_MS → 504 genesys_timeout with exactly one call POST', async () => {
      // Prepare
      const { invoke } = containerOf({ GENESYS_TIMEOUT_MS: '300' });
      emulator.inject('callsForUser', { kind: 'delay', ms: 1500 });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100' }), 504, 'genesys_timeout');

      // Assess
      expect(problem.detail).toContain('may have been placed');
      expect(emulator.records.callPosts).toBe(1);
    });

    it('429 with Retry-After and time to spare → waits, retries, 201', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 1 });

      // Act
      const startedAt = Date.now();
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expect(result.statusCode).toBe(201);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
      expect({ callPosts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length }).toEqual({ callPosts: 2, placed: 1 });
    });

    it('429 with a Retry-After longer than the time left → 429 genesys_rate_limited with Retry-After, one call POST', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 30 });

      // Act
      const result = await invoke({ to: '+14155550100' }, { remainingMs: 10_000 });

      // Assess
      expectProblem(result, 429, 'genesys_rate_limited');
      expect(result.headers?.['retry-after']).toBe('30');
      expect(emulator.records.callPosts).toBe(1);
    });

    it('a 200 whose body is not the expected JSON → 502 genesys_unexpected_response, never "no call was placed"', async () => {
      // Prepare: a proxy in front of Genesys answering 200 with an HTML page (the emulator cannot).
      const proxy = await startProxy(emulator.url, { status: 200, body: '<html>ok</html>' });
      const { invoke } = containerOf({ GENESYS_API_URL: proxy.url });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100' }), 502, 'genesys_unexpected_response');
      await proxy.stop();

      // Assess
      expect(problem.detail).not.toContain('No call');
      expect(problem.genesys).toMatchObject({ status: 200, code: 'malformed_response' });
    });

    it('no POST when a slow login leaves too little time to send the call: 504, not sent', async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('token', { kind: 'delay', ms: 1200 });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100' }, { remainingMs: 2000 }), 504, 'genesys_timeout');

      // Assess
      expect(problem.detail).toMatch(/^No call was placed/);
      expect(emulator.records.callPosts).toBe(0);
    });

    it("masks a number quoted in Genesys's 400 message, in the answer and the log", async () => {
      // Prepare
      const { invoke } = containerOf();
      emulator.inject('callsForUser', {
        kind: 'status',
        status: 400,
        code: 'invalid.value',
        message: 'Value [+14155550100] is not valid for field type [phoneNumber]. Allowable values are: E.164',
      });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100' }), 422, 'genesys_rejected_request');

      // Assess (the leak guard checks the log line)
      expect(problem.detail).toBe(
        'Genesys rejected the request (invalid.value): Value [+*******0100] is not valid for field type [phoneNumber]. Allowable values are: E.164',
      );
    });

    it('Secrets Manager: unknown secret → 500 credentials_unavailable', async () => {
      // Prepare
      const { invoke } = containerOf({ GENESYS_CREDENTIALS_SECRET_ID: 'no/such/secret' });

      // Act
      const problem = expectProblem(await invoke({ to: '+14155550100' }), 500, 'credentials_unavailable');

      // Assess
      expect(problem.detail).toContain('ResourceNotFoundException');
      expect(emulator.records.tokenRequests).toBe(0);
    });

    it('Secrets Manager: nothing listening at its endpoint → 500 credentials_unavailable naming the endpoint and how to start it', async () => {
      // Prepare: the real SDK client pointed at a port where nothing listens.
      const port = await freePort();
      const secretsManager = new SecretsManagerClient({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
      const container = createContainer(loadConfig(emulatorEnv(emulator)), secretsManager);
      const handler = createHandler(() => container);

      // Act
      const problem = expectProblem(observed(await handler(httpApiEvent({ to: '+14155550100' }), lambdaContext())), 500, 'credentials_unavailable');

      // Assess
      expect(problem.detail).toBe(
        `The Genesys OAuth client could not be read: Secrets Manager could not be reached (connection refused at 127.0.0.1:${port}). ` +
          "If that is the local emulator, start it: npm start or npm run emulator. In AWS, check the function's network path to Secrets Manager.",
      );
      expect(emulator.records.requests).toEqual([]);
    });

    it('Secrets Manager: a secret that is not the expected JSON → 500 credentials_invalid, content never quoted', async () => {
      // Prepare
      emulator.setSecret(DEMO.secretId, 'clientSecret=s3cr3t-value');
      const { invoke } = containerOf();

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expectProblem(result, 500, 'credentials_invalid');
      expect(result.body).not.toContain('s3cr3t-value');
    });
  });

  describe('keeps credentials and token warm', () => {
    it('reads the secret once and asks for one token across 5 invocations of one container', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      for (let i = 0; i < 5; i += 1) expect((await invoke({ to: '+14155550100' })).statusCode).toBe(201);

      // Assess
      expect({ secretReads: emulator.records.secretReads, tokenRequests: emulator.records.tokenRequests, placed: emulator.records.callsPlaced.length }).toEqual({
        secretReads: 1,
        tokenRequests: 1,
        placed: 5,
      });
    });

    it('asks for one token when 10 calls arrive at once in a cold container', async () => {
      // Prepare
      const { invoke } = containerOf();

      // Act
      const results = await Promise.all(Array.from({ length: 10 }, () => invoke({ to: '+14155550100' })));

      // Assess
      expect(results.map((result) => result.statusCode)).toEqual(Array(10).fill(201));
      expect({ secretReads: emulator.records.secretReads, tokenRequests: emulator.records.tokenRequests }).toEqual({ secretReads: 1, tokenRequests: 1 });
    });

    it('refreshes a token Genesys revoked: one 401, one new token, the call placed once', async () => {
      // Prepare
      const { invoke } = containerOf();
      await invoke({ to: '+14155550100' });
      emulator.revokeTokens();

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expect(result.statusCode).toBe(201);
      expect({ tokenRequests: emulator.records.tokenRequests, callPosts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length }).toEqual({
        tokenRequests: 2,
        callPosts: 3,
        placed: 2,
      });
    });

    it('gets a new token before an expiring one dies (short-lived tokens)', async () => {
      // Prepare
      emulator.setTokenLifetime(1);
      const { invoke } = containerOf();
      await invoke({ to: '+14155550100' });
      await new Promise((resolve) => setTimeout(resolve, 1100));

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expect(result.statusCode).toBe(201);
      expect({ tokenRequests: emulator.records.tokenRequests, callPosts: emulator.records.callPosts }).toEqual({ tokenRequests: 2, callPosts: 2 });
    });

    it('recovers from a rotated client secret: invalid_client → secret re-read → new token → call placed', async () => {
      // Prepare
      const { invoke } = containerOf();
      await invoke({ to: '+14155550100' });
      emulator.rotateClientSecret();
      emulator.revokeTokens();

      // Act
      const result = await invoke({ to: '+14155550100' });

      // Assess
      expect(result.statusCode).toBe(201);
      expect({
        secretReads: emulator.records.secretReads,
        tokenRequests: emulator.records.tokenRequests,
        placed: emulator.records.callsPlaced.length,
      }).toEqual({ secretReads: 2, tokenRequests: 3, placed: 2 });
    });
  });
});
