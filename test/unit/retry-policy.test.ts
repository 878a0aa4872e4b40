import type { RetryOptions } from 'ky';
import { HTTPError } from 'ky';
import { DEADLINE_RESERVE_MS } from '../../lib/aws/deadline';
import { CALL_RETRY, READ_RETRY, retryOptions, TOKEN_RETRY } from '../../lib/genesys/retry-policy';

// ky's shouldRetry hook as the policy builds it. `undefined` lets ky retry (with its own wait),
// `false` stops: the caller gets the failure.

const NOW = 1_000_000;
const ATTEMPT_MS = 1500;

/** A 429 (or another status) as ky hands it to shouldRetry: a real Response inside ky's HTTPError. */
function httpError(status: number, retryAfter?: string): HTTPError {
  const request = new Request('http://genesys.test/api/v2/conversations/calls', { method: 'POST' });
  const response = new Response('{}', { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} });
  return new HTTPError(response, request, {} as never);
}

/** What fetch throws for a dropped connection. */
const dropped = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });

function decide(options: RetryOptions, error: Error, retryCount = 1) {
  return options.shouldRetry?.({ error, retryCount });
}

describe('retryOptions', () => {
  describe('the options ky gets', () => {
    it.each([
      ['the call POST: only on a 429, after its Retry-After, never after a timeout', CALL_RETRY, { limit: 3, methods: ['post'], statusCodes: [429], afterStatusCodes: [429], retryOnTimeout: false }],
      ['a token request: on every transient status and after a timeout', TOKEN_RETRY, { limit: 2, methods: ['post'], statusCodes: [408, 429, 500, 502, 503, 504], afterStatusCodes: [429, 503], retryOnTimeout: true }],
      ['a read: a GET, on every transient status and after a timeout', READ_RETRY, { limit: 2, methods: ['get'], statusCodes: [408, 429, 500, 502, 503, 504], afterStatusCodes: [429, 503], retryOnTimeout: true }],
    ])('retry %s', (_case, policy, expected) => {
      // Act
      const options = retryOptions(policy, Infinity, ATTEMPT_MS, () => NOW);

      // Assess
      expect(options).toMatchObject(expected);
    });
  });

  describe('a 429 on the call POST', () => {
    it('is retried when the Retry-After wait, a whole attempt and the reserve all fit before the deadline', () => {
      // Prepare
      const deadline = NOW + 1000 + ATTEMPT_MS + DEADLINE_RESERVE_MS;

      // Act
      const decision = decide(retryOptions(CALL_RETRY, deadline, ATTEMPT_MS, () => NOW), httpError(429, '1'));

      // Assess
      expect(decision).toBeUndefined();
    });

    it('is not retried when the retry would end inside the reserve, leaving no time for what follows the answer', () => {
      // Prepare
      const deadline = NOW + 1000 + ATTEMPT_MS + DEADLINE_RESERVE_MS - 1;

      // Act
      const decision = decide(retryOptions(CALL_RETRY, deadline, ATTEMPT_MS, () => NOW), httpError(429, '1'));

      // Assess
      expect(decision).toBe(false);
    });

    it('is not retried when the Retry-After fits the time left but the wait and a whole attempt do not', () => {
      // Prepare: 2 s left; the wait (1 s) fits, the wait and the attempt (2.5 s) do not.
      const deadline = NOW + 2000;

      // Act
      const decision = decide(retryOptions(CALL_RETRY, deadline, ATTEMPT_MS, () => NOW), httpError(429, '1'));

      // Assess
      expect(decision).toBe(false);
    });

    it("waits ky's backoff when no Retry-After is given, and admits it the same way", () => {
      // Prepare: the first backoff is 300 ms.
      const fits = NOW + 300 + ATTEMPT_MS + DEADLINE_RESERVE_MS;

      // Act
      const admitted = decide(retryOptions(CALL_RETRY, fits, ATTEMPT_MS, () => NOW), httpError(429));
      const refused = decide(retryOptions(CALL_RETRY, fits - 1, ATTEMPT_MS, () => NOW), httpError(429));

      // Assess
      expect([admitted, refused]).toEqual([undefined, false]);
    });
  });

  describe('the wait a retry is admitted with', () => {
    it("doubles ky's backoff on each retry without Retry-After: 600 ms before the second", () => {
      // Prepare
      const fits = NOW + 600 + ATTEMPT_MS + DEADLINE_RESERVE_MS;

      // Act
      const admitted = decide(retryOptions(CALL_RETRY, fits, ATTEMPT_MS, () => NOW), httpError(429), 2);
      const refused = decide(retryOptions(CALL_RETRY, fits - 1, ATTEMPT_MS, () => NOW), httpError(429), 2);

      // Assess
      expect([admitted, refused]).toEqual([undefined, false]);
    });

    it('reads a Retry-After given as an HTTP date: 10 s ahead fits in 11 s, not in 5 s', () => {
      // Prepare: the date is 10 s ahead, to the second.
      const retryAfter = new Date(Date.now() + 10_000).toUTCString();
      const options = (secondsLeft: number) => retryOptions(CALL_RETRY, NOW + secondsLeft * 1000 + ATTEMPT_MS + DEADLINE_RESERVE_MS, ATTEMPT_MS, () => NOW);

      // Act
      const admitted = decide(options(11), httpError(429, retryAfter));
      const refused = decide(options(5), httpError(429, retryAfter));

      // Assess
      expect([admitted, refused]).toEqual([undefined, false]);
    });

    it.each([
      ['0', '0'],
      ['negative', '-5'],
      ['not a number or a date', 'soon'],
      ['a date in the past', 'Thu, 01 Jan 2015 00:00:00 GMT'],
    ])('counts the first backoff, 300 ms, for a Retry-After that is %s (ky waits no longer)', (_case, retryAfter) => {
      // Prepare
      const fits = NOW + 300 + ATTEMPT_MS + DEADLINE_RESERVE_MS;

      // Act
      const admitted = decide(retryOptions(CALL_RETRY, fits, ATTEMPT_MS, () => NOW), httpError(429, retryAfter));
      const refused = decide(retryOptions(CALL_RETRY, fits - 1, ATTEMPT_MS, () => NOW), httpError(429, retryAfter));

      // Assess
      expect([admitted, refused]).toEqual([undefined, false]);
    });
  });

  describe('what the call POST never retries', () => {
    it.each([
      ['a 5xx', httpError(503)],
      ['a dropped connection', dropped()],
    ])('%s, whatever the time left', (_case, error) => {
      // Act
      const decision = decide(retryOptions(CALL_RETRY, Infinity, ATTEMPT_MS, () => NOW), error);

      // Assess
      expect(decision).toBe(false);
    });
  });

  describe('a token request', () => {
    it('retries a dropped connection while the time allows: asking for a token has no side effect', () => {
      // Act
      const decision = decide(retryOptions(TOKEN_RETRY, NOW + 10_000, ATTEMPT_MS, () => NOW), dropped());

      // Assess
      expect(decision).toBeUndefined();
    });

    it('retries a 503 while the time allows, and not when it does not', () => {
      // Act
      const admitted = decide(retryOptions(TOKEN_RETRY, NOW + 10_000, ATTEMPT_MS, () => NOW), httpError(503));
      const refused = decide(retryOptions(TOKEN_RETRY, NOW + 1000, ATTEMPT_MS, () => NOW), httpError(503));

      // Assess
      expect([admitted, refused]).toEqual([undefined, false]);
    });
  });
});
