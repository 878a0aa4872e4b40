import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Emulator } from '../../emulator';
import { IDEMPOTENCY_TABLE } from '../../emulator/local-dynamodb';
import { createHandler } from '../../functions/create-call';
import { httpApiEvent } from '../support/api-gateway-events';
import { startEmulatorAndDynamo } from '../support/emulator-and-dynamo';
import { coldContainer, lambdaContext, observed, parseBody } from '../support/harness';

// Peers that stall mid-answer or answer 200 with garbage, against POST /calls over real HTTP
// (the emulator's stallBody and garbage faults, dynalite for the idempotency store). Every wait
// ends within its bound, and every answer says truthfully whether a call may have been placed.

let emulator: Emulator;
let stopAll: () => Promise<void>;
beforeAll(async () => ({ emulator, stop: stopAll } = await startEmulatorAndDynamo()));
afterAll(() => stopAll());
beforeEach(() => emulator.reset());

// A stall is cut off at GENESYS_TIMEOUT_MS; without the bound it lasts until undici gives up (300 s),
// past each test's own timeout below.
const TIMEOUT_MS = 500;
const TEST_TIMEOUT_MS = 30_000;

/** One warm container of POST /calls; `invoke` answers and how long it took. */
function createCallContainer(overrides: Record<string, string> = {}) {
  const container = coldContainer(emulator, { GENESYS_TIMEOUT_MS: String(TIMEOUT_MS), IDEMPOTENCY_TABLE, ...overrides });
  const handler = createHandler(() => container);
  return async (options: { key?: string; context?: Context } = {}): Promise<{ result: APIGatewayProxyResult; problem: Record<string, unknown>; tookMs: number }> => {
    const startedAt = Date.now();
    const result = observed(
      await handler(httpApiEvent({ to: '+1 415 555 0100' }, options.key ? { 'Idempotency-Key': options.key } : {}), options.context ?? lambdaContext()),
    );
    return { result, problem: result.statusCode >= 400 ? parseBody(result) : {}, tookMs: Date.now() - startedAt };
  };
}

describe('POST /calls against stalled answers', () => {
  it(
    'a 201 whose body stalls after the headers → 504 genesys_timeout saying the call may have been placed, within the bound, one POST',
    async () => {
      // Prepare
      const invoke = createCallContainer();
      emulator.inject('callsForUser', { kind: 'stallBody' });

      // Act
      const { result, problem, tookMs } = await invoke();

      // Assess
      expect({ status: result.statusCode, code: problem.code }).toEqual({ status: 504, code: 'genesys_timeout' });
      expect(problem.detail).toContain('may have been placed');
      expect(tookMs).toBeLessThan(TIMEOUT_MS + 4000);
      expect({ callPosts: emulator.records.callPosts, placed: emulator.records.callsPlaced.length }).toEqual({ callPosts: 1, placed: 1 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a token answer whose body stalls → 504 genesys_timeout saying no call was placed, within the bound; the next invocation asks afresh and places the call',
    async () => {
      // Prepare: the first request and both retries stall.
      const invoke = createCallContainer();
      emulator.inject('token', { kind: 'stallBody' }, 3);

      // Act
      const stalled = await invoke();
      const next = await invoke();

      // Assess
      expect({ status: stalled.result.statusCode, code: stalled.problem.code }).toEqual({ status: 504, code: 'genesys_timeout' });
      expect(stalled.problem.detail).toContain('No call was placed');
      // Three attempts of TIMEOUT_MS and two backoff waits (0.3 s, 0.6 s), with room for a loaded machine.
      expect(stalled.tookMs).toBeLessThan(3 * TIMEOUT_MS + 900 + 4000);
      expect(next.result.statusCode).toBe(201);
      expect({ tokenRequests: emulator.records.tokenRequests, callPosts: emulator.records.callPosts }).toEqual({ tokenRequests: 4, callPosts: 1 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a token request stalled past its invocation is not joined by the next invocation, which gets its own token',
    async () => {
      // Prepare: an invocation with 1 s left, so its token request ends at the deadline, not at GENESYS_TIMEOUT_MS.
      const invoke = createCallContainer({ GENESYS_TIMEOUT_MS: '20000' });
      emulator.inject('token', { kind: 'stallBody' });

      // Act
      const stalled = await invoke({ context: lambdaContext(1000) });
      const next = await invoke();

      // Assess
      expect({ status: stalled.result.statusCode, code: stalled.problem.code }).toEqual({ status: 504, code: 'genesys_timeout' });
      expect(stalled.tookMs).toBeLessThan(1000 + 4000);
      expect(next.problem).toEqual({});
      expect(next.result.statusCode).toBe(201);
      expect(emulator.records.tokenRequests).toBe(2);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a Secrets Manager answer whose body stalls → 500 credentials_unavailable within the bound, no call; the next invocation reads again',
    async () => {
      // Prepare
      const invoke = createCallContainer();
      emulator.inject('getSecretValue', { kind: 'stallBody' });

      // Act
      const stalled = await invoke();
      const next = await invoke();

      // Assess
      expect({ status: stalled.result.statusCode, code: stalled.problem.code }).toEqual({ status: 500, code: 'credentials_unavailable' });
      expect(stalled.problem.detail).toContain(`did not answer within ${TIMEOUT_MS - 0} ms`);
      expect(stalled.tookMs).toBeLessThan(TIMEOUT_MS + 4000);
      expect(next.result.statusCode).toBe(201);
      expect({ secretReads: emulator.records.secretReads, callPosts: emulator.records.callPosts }).toEqual({ secretReads: 2, callPosts: 1 });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('POST /calls against a 200 with garbage', () => {
  it.each([
    ['an HTML page', 'html'],
    ['JSON null', 'null'],
    ['JSON without access_token and expires_in', 'missingFields'],
  ] as const)(
    'a token answer that is %s → 502 genesys_unexpected_response saying no call was placed; the Idempotency-Key is forgotten',
    async (_case, body) => {
      // Prepare
      const invoke = createCallContainer();
      const key = crypto.randomUUID();
      emulator.inject('token', { kind: 'garbage', body });

      // Act
      const garbage = await invoke({ key });
      const retried = await invoke({ key });

      // Assess
      expect({ status: garbage.result.statusCode, code: garbage.problem.code }).toEqual({ status: 502, code: 'genesys_unexpected_response' });
      expect(garbage.problem.detail).toContain('No call was placed');
      expect(garbage.problem.genesys).toEqual({ status: 200, code: 'malformed_token_response' });
      expect({ status: retried.result.statusCode, replayed: retried.result.headers?.['idempotent-replayed'] }).toEqual({ status: 201, replayed: undefined });
      expect({ tokenRequests: emulator.records.tokenRequests, callPosts: emulator.records.callPosts }).toEqual({ tokenRequests: 2, callPosts: 1 });
    },
  );

  it('a call answer that is an HTML page → 502 genesys_unexpected_response saying the call may have been placed; the key replays it', async () => {
    // Prepare
    const invoke = createCallContainer();
    const key = crypto.randomUUID();
    emulator.inject('callsForUser', { kind: 'garbage', body: 'html' });

    // Act
    const garbage = await invoke({ key });
    const retried = await invoke({ key });

    // Assess
    expect({ status: garbage.result.statusCode, code: garbage.problem.code }).toEqual({ status: 502, code: 'genesys_unexpected_response' });
    expect(garbage.problem.detail).toContain('may have been placed');
    expect({ status: retried.result.statusCode, replayed: retried.result.headers?.['idempotent-replayed'] }).toEqual({ status: 502, replayed: 'true' });
    expect(emulator.records.callPosts).toBe(1);
  });
});
