import { DEADLINE_RESERVE_MS } from '../../lib/aws/deadline';
import { GenesysTimeoutError } from '../../lib/genesys/errors';
import type { IssuedToken } from '../../lib/genesys/token';
import { TokenCache } from '../../lib/genesys/token';

/** A token endpoint that answers when told to, counting requests. */
function tokenEndpoint() {
  const waiting: Array<(token: IssuedToken) => void> = [];
  let requests = 0;
  return {
    fetch: () => {
      requests += 1;
      return new Promise<IssuedToken>((resolve) => waiting.push(resolve));
    },
    answer: (token: IssuedToken) => waiting.shift()?.(token),
    get requests() {
      return requests;
    },
  };
}

describe('TokenCache', () => {
  describe('get', () => {
    it('shares one token request among concurrent callers', async () => {
      // Prepare
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch);

      // Act
      const callers = Array.from({ length: 10 }, () => cache.get(Infinity));
      endpoint.answer({ accessToken: 't1', expiresInSeconds: 86399 });
      const tokens = await Promise.all(callers);

      // Assess
      expect(tokens).toEqual(Array(10).fill('t1'));
      expect(endpoint.requests).toBe(1);
    });

    it('reuses the token until 5 minutes before a 24-hour expiry, then refreshes', async () => {
      // Prepare
      let now = 0;
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch, () => now);
      const first = cache.get(Infinity);
      endpoint.answer({ accessToken: 't1', expiresInSeconds: 86400 });
      await first;

      // Act
      now = 86400_000 - 300_000 - 1;
      const beforeMargin = await cache.get(Infinity);
      now += 1;
      const refreshing = cache.get(Infinity);
      endpoint.answer({ accessToken: 't2', expiresInSeconds: 86400 });

      // Assess
      expect(beforeMargin).toBe('t1');
      expect(await refreshing).toBe('t2');
      expect(endpoint.requests).toBe(2);
    });

    it('refreshes a short-lived token a tenth of its lifetime early', async () => {
      // Prepare
      let now = 0;
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch, () => now);
      const first = cache.get(Infinity);
      endpoint.answer({ accessToken: 't1', expiresInSeconds: 10 });
      await first;

      // Act
      now = 8_999;
      const kept = await cache.get(Infinity);
      now = 9_000;
      const refreshing = cache.get(Infinity);
      endpoint.answer({ accessToken: 't2', expiresInSeconds: 10 });

      // Assess
      expect([kept, await refreshing]).toEqual(['t1', 't2']);
    });

    it('does not keep a failed token request', async () => {
      // Prepare
      let attempt = 0;
      const cache = new TokenCache(async () => {
        attempt += 1;
        if (attempt === 1) throw new Error('login down');
        return { accessToken: 't2', expiresInSeconds: 60 };
      });

      // Act
      const failed = cache.get(Infinity).catch((error: Error) => error.message);

      // Assess
      expect(await failed).toBe('login down');
      expect(await cache.get(Infinity)).toBe('t2');
    });
  });

  describe('get, bounded by deadlines', () => {
    it("rejects a caller at its own deadline (less the reserve) with a token GenesysTimeoutError while the request goes on", async () => {
      // Prepare
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch);
      const startedAt = Date.now();

      // Act
      const error = await cache.get(startedAt + DEADLINE_RESERVE_MS + 100).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(GenesysTimeoutError);
      expect(error).toMatchObject({ operation: 'token' });
      expect(Date.now() - startedAt).toBeLessThan(2000);
      expect(endpoint.requests).toBe(1);
    });

    it('reports in its timeout error how long the caller waited', async () => {
      // Prepare: the cache's clock reads 1000 when the caller starts waiting, 1100 when it gives up.
      let now = 1_000;
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch, () => now);

      // Act
      const waiting = cache.get(Date.now() + DEADLINE_RESERVE_MS + 50).catch((caught: unknown) => caught);
      now = 1_100;
      const error = await waiting;

      // Assess
      expect(error).toBeInstanceOf(GenesysTimeoutError);
      expect(error).toMatchObject({ operation: 'token', timeoutMs: 100 });
    });

    it('starts a fresh token request for a caller that comes after the deadline of the one in flight', async () => {
      // Prepare
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch);
      const stalled = cache.get(Date.now() + DEADLINE_RESERVE_MS + 50).catch(() => 'gave up');
      expect(await stalled).toBe('gave up');

      // Act
      const next = cache.get(Date.now() + 10_000);
      endpoint.answer({ accessToken: 'stale', expiresInSeconds: 86399 });
      endpoint.answer({ accessToken: 't2', expiresInSeconds: 86399 });

      // Assess
      expect(endpoint.requests).toBe(2);
      expect(await next).toBe('t2');
    });

    it('lets a caller with a later deadline share the request in flight', async () => {
      // Prepare
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch);
      const first = cache.get(Date.now() + 10_000);

      // Act
      const second = cache.get(Date.now() + 20_000);
      endpoint.answer({ accessToken: 't1', expiresInSeconds: 86399 });

      // Assess
      expect([await first, await second]).toEqual(['t1', 't1']);
      expect(endpoint.requests).toBe(1);
    });
  });

  describe('invalidate', () => {
    it('is harmless with no token cached: the next get fetches one, once', async () => {
      // Prepare
      const endpoint = tokenEndpoint();
      const cache = new TokenCache(endpoint.fetch);

      // Act
      cache.invalidate('never-issued');
      const token = cache.get(Infinity);
      endpoint.answer({ accessToken: 't1', expiresInSeconds: 86399 });

      // Assess
      expect(await token).toBe('t1');
      expect(await cache.get(Infinity)).toBe('t1');
      expect(endpoint.requests).toBe(1);
    });

    it('drops the refused token so the next get fetches a new one', async () => {
      // Prepare
      let issued = 0;
      const cache = new TokenCache(async () => ({ accessToken: `t${++issued}`, expiresInSeconds: 86399 }));
      const stale = await cache.get(Infinity);

      // Act
      cache.invalidate(stale);

      // Assess
      expect(await cache.get(Infinity)).toBe('t2');
    });

    it('keeps a newer token when an older one is reported', async () => {
      // Prepare
      let issued = 0;
      const cache = new TokenCache(async () => ({ accessToken: `t${++issued}`, expiresInSeconds: 86399 }));
      const old = await cache.get(Infinity);
      cache.invalidate(old);
      const fresh = await cache.get(Infinity);

      // Act
      cache.invalidate(old);

      // Assess
      expect(await cache.get(Infinity)).toBe(fresh);
      expect(issued).toBe(2);
    });
  });
});
