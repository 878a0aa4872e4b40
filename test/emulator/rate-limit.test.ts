import { DEFAULT_PLATFORM_API_LIMITS } from '../../emulator/seed';
import { DEMO, start, type Emulator } from '../../emulator';
import { TokenRateLimit } from '../../emulator/rate-limit';
import { bearer, clientToken, expectGenesysError, send } from './http';

const CALL_PATH = `/api/v2/conversations/calls/user/${DEMO.userWithStation.id}`;

describe('emulator: the per-token rate limit', () => {
  let emulator: Emulator;
  const placeCall = (token: string) => send(emulator.url, CALL_PATH, { headers: { Authorization: bearer(token) }, body: { phoneNumber: '+14155550100' } });

  beforeAll(async () => {
    // Three a minute, so the test needs few requests; the value is the seeded platform.api limit, as the doctor reads it.
    emulator = await start({ seed: { limits: { 'platform.api': { ...DEFAULT_PLATFORM_API_LIMITS, 'client.credentials.token.rate.per.minute': 3 } } } });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  it('answers a client token over its requests a minute 429 with Retry-After, without placing the call', async () => {
    // Prepare
    const token = await clientToken(emulator);
    for (let i = 0; i < 3; i += 1) expect((await placeCall(token)).status).toBe(200);

    // Act
    const result = await placeCall(token);

    // Assess
    const retryAfter = Number(result.headers.get('retry-after'));
    expectGenesysError(result, {
      status: 429,
      code: 'too.many.requests.retry.after',
      message: `Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`,
    });
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(emulator.records.callsPlaced).toHaveLength(3);
  });

  it('counts every API request of the token, reads too, and each token on its own', async () => {
    // Prepare
    const [first, second] = [await clientToken(emulator), await clientToken(emulator)];
    await send(emulator.url, '/api/v2/tokens/me', { method: 'GET', headers: { Authorization: bearer(first) } });
    await placeCall(first);
    await placeCall(first);

    // Act
    const statuses = [(await placeCall(first)).status, (await placeCall(second)).status];

    // Assess
    expect(statuses).toEqual([429, 200]);
  });

  it('starts a fresh window for every token on reset', async () => {
    // Prepare
    const token = await clientToken(emulator);
    for (let i = 0; i < 3; i += 1) await placeCall(token);
    emulator.reset();

    // Act
    const result = await placeCall(token);

    // Assess
    expect(result.status).toBe(200);
  });
});

describe('TokenRateLimit', () => {
  describe('admit', () => {
    it('refuses past the limit until the minute that opened with the first request is over, then counts afresh', () => {
      // Prepare
      const limit = new TokenRateLimit();
      const admitted = [limit.admit('t', 2, 0), limit.admit('t', 2, 10_000)];

      // Act
      const refusedAt = [limit.admit('t', 2, 10_001), limit.admit('t', 2, 59_999)];
      const afterWindow = limit.admit('t', 2, 60_000);

      // Assess
      expect({ admitted, refusedAt, afterWindow }).toEqual({
        admitted: [undefined, undefined],
        refusedAt: [{ retryAfterSeconds: 50 }, { retryAfterSeconds: 1 }],
        afterWindow: undefined,
      });
    });

    it('admits everything when no limit is seeded', () => {
      // Act
      const answers = Array.from({ length: 1000 }, () => new TokenRateLimit().admit('t', undefined));

      // Assess
      expect(answers.every((answer) => answer === undefined)).toBe(true);
    });
  });
});
