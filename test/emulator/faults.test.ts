import { DEMO, start, type Emulator } from '../../emulator';
import { basic, bearer, clientToken, expectGenesysError, send } from './http';

const CALL_PATH = `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`;
const VALID_BODY = { phoneNumber: '+14155550100' };

describe('emulator: injected faults', () => {
  let emulator: Emulator;
  let token: string;
  const placeCall = () => send(emulator.url, CALL_PATH, { headers: { Authorization: bearer(token) }, body: VALID_BODY });

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.stop());
  beforeEach(async () => {
    emulator.reset();
    token = await clientToken(emulator);
  });

  describe('rateLimit', () => {
    it('answers 429 with Retry-After and the too.many.requests.retry.after ErrorBody, without placing the call', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 7 });

      // Act
      const result = await placeCall();

      // Assess
      expectGenesysError(result, {
        status: 429,
        code: 'too.many.requests.retry.after',
        message: 'Rate limit exceeded the maximum. Retry the request in [7] seconds',
      });
      expect(result.headers.get('retry-after')).toBe('7');
      expect({ callPosts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length }).toEqual({ callPosts: 1, placed: 0 });
    });
  });

  describe('status', () => {
    it('answers a 503 service.unavailable ErrorBody', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'status', status: 503 });

      // Act
      const result = await placeCall();

      // Assess
      expectGenesysError(result, {
        status: 503,
        code: 'service.unavailable',
        message: 'Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).',
      });
      expect(emulator.records.callsPlaced).toEqual([]);
    });

    it('answers 403 missing.any.permissions with its messageParams', async () => {
      // Prepare
      const messageParams = { permissions: 'conversation:agentlessCall:add, conversation:call:add' };
      emulator.inject('callsForUser', { kind: 'status', status: 403, code: 'missing.any.permissions', messageParams });

      // Act
      const result = await placeCall();

      // Assess
      expectGenesysError(result, {
        status: 403,
        code: 'missing.any.permissions',
        message:
          'Unable to perform the requested action. You must have at least one of the following permissions assigned: conversation:agentlessCall:add, conversation:call:add',
        messageParams,
      });
    });

    it('gives a 429 status fault a Retry-After header too', async () => {
      // Prepare
      emulator.inject('calls', { kind: 'status', status: 429 });

      // Act
      const result = await send(emulator.url, '/api/v2/conversations/calls', { body: VALID_BODY });

      // Assess
      expect({ status: result.status, retryAfter: result.headers.get('retry-after') }).toEqual({ status: 429, retryAfter: '1' });
    });

    it('answers the token endpoint in the OAuth error shape', async () => {
      // Prepare
      emulator.inject('token', { kind: 'status', status: 503 });

      // Act
      const result = await send(emulator.url, '/oauth/token', {
        headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({
        status: 503,
        body: {
          error: 'temporarily_unavailable',
          description: 'The login service answered 503.',
          error_description: 'The login service answered 503.',
        },
      });
    });
  });

  describe('delay', () => {
    it('holds concurrent calls in flight for the delay, then places every one', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'delay', ms: 300 }, 3);
      const startedAt = Date.now();

      // Act
      const results = await Promise.all([placeCall(), placeCall(), placeCall()]);

      // Assess
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
      expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
      expect({
        placed: emulator.records.callsPlaced.length,
        inFlight: emulator.records.callsInFlight,
        peak: emulator.records.peakCallsInFlight,
      }).toEqual({ placed: 3, inFlight: 0, peak: 3 });
    });
  });

  describe('drop', () => {
    it('destroys the socket without an answer, after placing the call', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'drop' });

      // Act
      const outcome = placeCall();

      // Assess
      await expect(outcome).rejects.toThrow('fetch failed');
      expect(emulator.records.callsPlaced).toHaveLength(1);
      expect(emulator.records.requests.filter((request) => request.endpoint === 'callsForUser').map((request) => request.status)).toEqual([0]);
    });
  });

  describe('drop on the token endpoint', () => {
    it('issues the token it never delivers', async () => {
      // Prepare
      emulator.inject('token', { kind: 'drop' });

      // Act
      const outcome = clientToken(emulator);

      // Assess
      await expect(outcome).rejects.toThrow('fetch failed');
      expect({ tokenRequests: emulator.records.tokenRequests, tokensIssued: emulator.records.tokensIssued }).toEqual({
        tokenRequests: 2,
        tokensIssued: 2,
      });
    });
  });

  describe('stallBody', () => {
    /** The answer's status at once, and how long its body took (or that it had not ended by `waitMs`). */
    async function placeCallTimingBody(waitMs: number) {
      const response = await fetch(`${emulator.url}${CALL_PATH}`, {
        method: 'POST',
        headers: { Authorization: bearer(token), 'Content-Type': 'application/json' },
        body: JSON.stringify(VALID_BODY),
      });
      const headersAt = Date.now();
      const reading = response.text();
      reading.catch(() => undefined); // a body that never ends is abandoned with the emulator
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<undefined>((resolve) => {
        timer = setTimeout(resolve, waitMs, undefined);
      });
      const body = await Promise.race([reading, gaveUp]);
      clearTimeout(timer);
      return { status: response.status, body, bodyTookMs: Date.now() - headersAt };
    }

    it('sends the status and headers at once and the rest of the body after ms, having placed the call', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'stallBody', ms: 400 });

      // Act
      const result = await placeCallTimingBody(5000);

      // Assess
      expect(result.status).toBe(200);
      expect(result.bodyTookMs).toBeGreaterThanOrEqual(300);
      expect(JSON.parse(result.body ?? '')).toEqual({ id: emulator.records.callsPlaced[0].conversationId, selfUri: expect.any(String) });
      expect(emulator.records.callsPlaced).toHaveLength(1);
    });

    it('never finishes the body without ms, though the call is placed', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'stallBody' });

      // Act
      const result = await placeCallTimingBody(600);

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({ status: 200, body: undefined });
      expect(emulator.records.callsPlaced).toHaveLength(1);
    });

    it('issues the token whose answer stalls', async () => {
      // Prepare
      emulator.inject('token', { kind: 'stallBody', ms: 200 });

      // Act
      const issued = await clientToken(emulator);

      // Assess
      expect(issued).toEqual(expect.any(String));
      expect({ tokenRequests: emulator.records.tokenRequests, tokensIssued: emulator.records.tokensIssued }).toEqual({ tokenRequests: 2, tokensIssued: 2 });
    });
  });

  describe('garbage', () => {
    const tokenRequest = () =>
      send(emulator.url, '/oauth/token', {
        headers: { Authorization: basic(DEMO.clientId, DEMO.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });

    it.each([
      ['html', 'text/html; charset=utf-8', expect.stringMatching(/^<!DOCTYPE html>/)],
      ['null', 'application/json', null],
      ['missingFields', 'application/json', { status: 'ok' }],
    ] as const)('answers the token endpoint 200 with %s and issues no token', async (body, contentType, expected) => {
      // Prepare
      emulator.inject('token', { kind: 'garbage', body });

      // Act
      const result = await tokenRequest();

      // Assess
      expect({ status: result.status, contentType: result.headers.get('content-type'), body: result.body }).toEqual({ status: 200, contentType, body: expected });
      expect({ tokenRequests: emulator.records.tokenRequests, tokensIssued: emulator.records.tokensIssued }).toEqual({ tokenRequests: 2, tokensIssued: 1 });
    });

    it('answers a call POST with the status given, and places no call', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'garbage', body: 'html', status: 201 });

      // Act
      const result = await placeCall();

      // Assess
      expect({ status: result.status, body: result.body }).toEqual({ status: 201, body: expect.stringContaining('Request blocked') });
      expect({ callPosts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length }).toEqual({ callPosts: 1, placed: 0 });
    });
  });

  describe('times and order', () => {
    it('applies a fault the given number of times, then behaves normally again', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'status', status: 500 }, 2);

      // Act
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await placeCall()).status);

      // Assess
      expect(statuses).toEqual([500, 500, 200]);
    });

    it('plays faults injected by separate calls first in, first out', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'rateLimit', retryAfterSeconds: 1 });
      emulator.inject('callsForUser', { kind: 'status', status: 504 });

      // Act
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await placeCall()).status);

      // Assess
      expect(statuses).toEqual([429, 504, 200]);
    });

    it('applies a fault only to its endpoint', async () => {
      // Prepare
      emulator.inject('calls', { kind: 'status', status: 500 });

      // Act
      const result = await placeCall();

      // Assess
      expect(result.status).toBe(200);
    });

    it('is forgotten by clearFaults', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'status', status: 500 }, 5);

      // Act
      emulator.clearFaults();
      const result = await placeCall();

      // Assess
      expect(result.status).toBe(200);
    });
  });

  describe('inject', () => {
    it.each([
      ['an awsError on a Genesys endpoint', 'calls', { kind: 'awsError', type: 'ThrottlingException' }, 1, 'awsError faults apply only to getSecretValue, putEvents, not calls.'],
      ['an unknown endpoint', 'conversations', { kind: 'drop' }, 1, 'Unknown endpoint "conversations"'],
      ['an unknown kind', 'calls', { kind: 'explode' }, 1, 'Unknown fault kind "explode"'],
      ['times of 0', 'calls', { kind: 'drop' }, 0, 'times must be a positive integer, got 0.'],
      ['a status out of range', 'calls', { kind: 'status', status: 99 }, 1, 'Invalid status fault: status must be an HTTP status (100-599).'],
      ['a negative stall', 'token', { kind: 'stallBody', ms: -1 }, 1, 'Invalid stallBody fault: ms must be a number >= 0, or absent for a body that never ends.'],
      ['an unknown garbage body', 'token', { kind: 'garbage', body: 'xml' }, 1, 'Invalid garbage fault: body must be one of html, null, missingFields.'],
    ])('refuses %s', (_case, endpoint, fault, times, message) => {
      // Act / Assess
      expect(() => emulator.inject(endpoint as never, fault as never, times)).toThrow(message);
    });
  });
});

describe('emulator: stop', () => {
  it('abandons a delayed request instead of waiting for it', async () => {
    // Prepare
    const emulator = await start();
    emulator.inject('calls', { kind: 'delay', ms: 60_000 });
    const pending = send(emulator.url, '/api/v2/conversations/calls', { body: VALID_BODY });
    pending.catch(() => undefined); // asserted below; keeps node from calling it unhandled meanwhile
    while (emulator.records.callsInFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const startedAt = Date.now();

    // Act
    await emulator.stop();

    // Assess
    expect(Date.now() - startedAt).toBeLessThan(1000);
    await expect(pending).rejects.toThrow('fetch failed');
    expect(emulator.records.callsPlaced).toEqual([]);
  });
});
