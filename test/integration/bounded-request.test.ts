import type { Emulator } from '../../emulator';
import { DEMO, start } from '../../emulator';
import type { GenesysRequest } from '../../lib/genesys/bounded-request';
import { boundedRequest } from '../../lib/genesys/bounded-request';
import { DEADLINE_RESERVE_MS } from '../../lib/aws/deadline';
import { GenesysError, GenesysNetworkError, GenesysTimeoutError } from '../../lib/genesys/errors';
import { createHttp } from '../../lib/genesys/http';
import { TOKEN_RETRY } from '../../lib/genesys/retry-policy';
import { freePort } from '../support/processes';
import { startTcpServer } from '../support/tcp-server';

// lib/genesys's one way to send a request, against the emulator over real HTTP: what it answers,
// and that every attempt, headers and body, ends within its bound.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const http = createHttp();
const basic = `Basic ${Buffer.from(`${DEMO.clientId}:${DEMO.clientSecret}`).toString('base64')}`;
const tokenRequest = (overrides: Partial<GenesysRequest> = {}): GenesysRequest => ({
  operation: 'token',
  method: 'POST',
  url: `${emulator.url}/oauth/token`,
  headers: { authorization: basic },
  form: new URLSearchParams({ grant_type: 'client_credentials' }),
  ...overrides,
});
const callRequest = (token: string): GenesysRequest => ({
  operation: 'createCall',
  method: 'POST',
  url: `${emulator.url}/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`,
  headers: { authorization: `Bearer ${token}` },
  json: { phoneNumber: '+14155550100' },
});
const later = (ms: number) => Date.now() + ms;

/** The rejection of `work`, and how long it took to come. */
async function failureOf(work: () => Promise<unknown>): Promise<{ error: unknown; tookMs: number }> {
  const startedAt = Date.now();
  try {
    await work();
  } catch (error) {
    return { error, tookMs: Date.now() - startedAt };
  }
  throw new Error('expected a rejection');
}

async function clientToken(): Promise<string> {
  const answer = await boundedRequest(http, tokenRequest(), { timeoutMs: 5000, deadline: later(10_000) });
  return (answer.body as { access_token: string }).access_token;
}

describe('boundedRequest', () => {
  describe('a 2xx answer', () => {
    it('resolves with the status, the headers and the body parsed as JSON', async () => {
      // Act
      const answer = await boundedRequest(http, tokenRequest(), { timeoutMs: 5000, deadline: later(10_000) });

      // Assess
      expect({ status: answer.status, cacheControl: answer.headers.get('cache-control'), body: answer.body }).toEqual({
        status: 200,
        cacheControl: 'no-store',
        body: { access_token: expect.any(String), token_type: 'bearer', expires_in: 86399 },
      });
    });

    it.each([
      ['an HTML page', 'html', undefined],
      ['JSON null', 'null', null],
      ['JSON without the expected fields', 'missingFields', { status: 'ok' }],
    ] as const)('resolves %s as it is: the caller decides what a usable answer is', async (_case, body, expected) => {
      // Prepare
      emulator.inject('token', { kind: 'garbage', body });

      // Act
      const answer = await boundedRequest(http, tokenRequest(), { timeoutMs: 5000, deadline: later(10_000) });

      // Assess
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: expected });
    });
  });

  describe('every attempt ends within its bound', () => {
    it('cuts off a body that stalls after the headers at GENESYS_TIMEOUT_MS: a GenesysTimeoutError', async () => {
      // Prepare
      const token = await clientToken();
      emulator.inject('callsForUser', { kind: 'stallBody' });

      // Act
      const { error, tookMs } = await failureOf(() => boundedRequest(http, callRequest(token), { timeoutMs: 300, deadline: later(20_000) }));

      // Assess
      expect(error).toBeInstanceOf(GenesysTimeoutError);
      expect(error).toMatchObject({ operation: 'createCall', timeoutMs: 300 });
      expect(tookMs).toBeGreaterThanOrEqual(290);
      expect(tookMs).toBeLessThan(3000);
      expect(emulator.records.callsPlaced).toHaveLength(1);
    });

    it('ends the attempt at the deadline minus the reserve when that comes before GENESYS_TIMEOUT_MS', async () => {
      // Prepare
      emulator.inject('token', { kind: 'stallBody' });

      // Act
      const { error, tookMs } = await failureOf(() => boundedRequest(http, tokenRequest(), { timeoutMs: 10_000, deadline: later(DEADLINE_RESERVE_MS + 400) }));

      // Assess
      expect(error).toBeInstanceOf(GenesysTimeoutError);
      expect((error as GenesysTimeoutError).timeoutMs).toBeLessThanOrEqual(400);
      expect(tookMs).toBeLessThan(3000);
    });

    it('cuts off headers that do not come, as before', async () => {
      // Prepare
      emulator.inject('token', { kind: 'delay', ms: 2000 });

      // Act
      const { error, tookMs } = await failureOf(() => boundedRequest(http, tokenRequest(), { timeoutMs: 300, deadline: later(20_000) }));

      // Assess
      expect(error).toMatchObject({ name: 'GenesysTimeoutError', operation: 'token', timeoutMs: 300 });
      expect(tookMs).toBeLessThan(1500);
    });

    it('gives a retried attempt its own bound: a token request stalled once is retried and answered', async () => {
      // Prepare
      emulator.inject('token', { kind: 'stallBody' });

      // Act
      const answer = await boundedRequest(http, tokenRequest({ retry: TOKEN_RETRY }), { timeoutMs: 300, deadline: later(20_000) });

      // Assess
      expect(answer.status).toBe(200);
      expect(emulator.records.tokenRequests).toBe(2);
    });
  });

  describe('a failure', () => {
    it('is a GenesysError with the ErrorBody and correlation id of a non-2xx answer', async () => {
      // Prepare
      const token = await clientToken();
      emulator.inject('callsForUser', { kind: 'status', status: 503 });

      // Act
      const { error } = await failureOf(() => boundedRequest(http, callRequest(token), { timeoutMs: 5000, deadline: later(10_000) }));

      // Assess
      expect(error).toBeInstanceOf(GenesysError);
      expect(error).toMatchObject({ operation: 'createCall', status: 503, code: 'service.unavailable', correlationId: expect.any(String) });
    });

    it('keeps the status of an error answer whose body stalls, within the bound', async () => {
      // Prepare
      emulator.inject('callsForUser', { kind: 'stallBody' });

      // Act
      const { error, tookMs } = await failureOf(() => boundedRequest(http, callRequest('not-a-token'), { timeoutMs: 300, deadline: later(20_000) }));

      // Assess
      expect(error).toBeInstanceOf(GenesysError);
      expect(error).toMatchObject({ status: 401, code: undefined });
      expect(tookMs).toBeLessThan(3000);
    });

    it('is a GenesysNetworkError that may have arrived when the connection drops', async () => {
      // Prepare
      const token = await clientToken();
      emulator.inject('callsForUser', { kind: 'drop' });

      // Act
      const { error } = await failureOf(() => boundedRequest(http, callRequest(token), { timeoutMs: 5000, deadline: later(10_000) }));

      // Assess
      expect(error).toBeInstanceOf(GenesysNetworkError);
      expect(error).toMatchObject({ operation: 'createCall', requestMayHaveArrived: true });
    });

    it('is a GenesysNetworkError that never arrived when nothing listens', async () => {
      // Prepare
      const url = `http://127.0.0.1:${await freePort()}/oauth/token`;

      // Act
      const { error } = await failureOf(() => boundedRequest(http, tokenRequest({ url }), { timeoutMs: 5000, deadline: later(10_000) }));

      // Assess
      expect(error).toBeInstanceOf(GenesysNetworkError);
      expect(error).toMatchObject({ operation: 'token', requestMayHaveArrived: false });
    });

    it("is a GenesysNetworkError that may have arrived when an open keep-alive connection breaks after the server read the POST (Node: 'read ECONNRESET', not a connect error)", async () => {
      // Prepare: a server that answers the first POST on a connection and resets it on the second.
      let read = 0;
      const server = await startTcpServer((socket) => {
        let posts = 0;
        socket.on('data', (chunk: Buffer) => {
          const seen = chunk.toString('latin1').split('POST ').length - 1;
          read += seen;
          posts += seen;
          if (seen > 0 && posts === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}');
          else if (seen > 0) socket.resetAndDestroy();
        });
      });
      const request: GenesysRequest = { operation: 'createCall', method: 'POST', url: `${server.url}/api/v2/conversations/calls/user/x`, json: { phoneNumber: '+14155550100' } };
      await boundedRequest(http, request, { timeoutMs: 5000, deadline: later(10_000) });
      // The first connection goes back to the pool once its answer is read: the next POST reuses it.
      await new Promise((resolve) => setTimeout(resolve, 20));

      // Act
      const { error } = await failureOf(() => boundedRequest(http, request, { timeoutMs: 5000, deadline: later(10_000) })).finally(() => server.stop());

      // Assess: the server read both POSTs, and the failure came on a connection already made.
      expect(read).toBe(2);
      expect(error).toMatchObject({ operation: 'createCall', requestMayHaveArrived: true });
      expect(((error as Error).cause as { cause?: { syscall?: string; code?: string } }).cause).toMatchObject({ syscall: 'read', code: 'ECONNRESET' });
    });
  });
});
