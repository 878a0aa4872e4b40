import {
  IdempotencyAlreadyInProgressError,
  IdempotencyInconsistentStateError,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
  IdempotencyUnknownError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import type { LocalDynamoDB } from '../../emulator/local-dynamodb';
import { IDEMPOTENCY_TABLE, startLocalDynamoDB } from '../../emulator/local-dynamodb';
import { ProblemError } from '../../lib/problems/errors';
import { toIdempotencyProblem } from '../../lib/idempotency/idempotency-problems';
import type { Outcome } from '../../lib/idempotency/run-once';
import { RunOnce } from '../../lib/idempotency/run-once';
import type { RequestFingerprints } from '../../lib/idempotency/fingerprint';
import { legacyFingerprint } from '../../lib/idempotency/fingerprint';

// RunOnce against a real DynamoDB implementation (dynalite) over HTTP, through Powertools and the
// AWS SDK, as the functions use it. The fingerprints are keyed by constants here: reading the
// stack's hash key from Secrets Manager is the container's part (idempotency.test.ts covers it end
// to end).

let store: LocalDynamoDB;
let previousEndpoint: string | undefined;
beforeAll(async () => {
  store = await startLocalDynamoDB();
  previousEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: store.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = previousEndpoint;
  await store.stop();
});

const SETTINGS = { tableName: IDEMPOTENCY_TABLE, windowSeconds: 3600 };
/** Fingerprints keyed by a constant (the keyed HMAC of fingerprint.ts, under `current`'s key). */
const keyedBy = (current: string, legacy?: string): RequestFingerprints => ({
  current: async (request) => legacyFingerprint(current, request),
  ...(legacy === undefined ? {} : { legacy: async (request: unknown) => legacyFingerprint(legacy, request) }),
});
const secret = keyedBy('fingerprint-key');
const later = () => Date.now() + 28_000;
const newKey = (fingerprint: unknown = { to: '+14155550100' }) => ({ key: crypto.randomUUID(), fingerprint });

/** Work that counts its runs and ends with the given outcome. */
function counted<T>(outcome: Outcome<T>) {
  const work = async () => {
    work.runs += 1;
    return outcome;
  };
  work.runs = 0;
  return work;
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof ProblemError) return error.code;
  throw new Error(`expected a problem, got ${String(error)}`);
}

describe('RunOnce', () => {
  describe('run', () => {
    it('runs the work once and replays its remembered outcome for the same key, without running it again', async () => {
      // Prepare
      const runOnce = new RunOnce(SETTINGS, secret);
      const key = newKey();
      const work = counted({ value: 'placed', remember: true });

      // Act
      const first = await runOnce.run(key, work, later());
      const second = await runOnce.run(key, work, later());

      // Assess
      expect({ first, second, runs: work.runs }).toEqual({
        first: { value: 'placed', replayed: false },
        second: { value: 'placed', replayed: true },
        runs: 1,
      });
    });

    it('forgets an outcome the work marks remember: false: the same key runs the work again', async () => {
      // Prepare
      const runOnce = new RunOnce(SETTINGS, secret);
      const key = newKey();
      const work = counted({ value: 'not placed', remember: false });

      // Act
      const first = await runOnce.run(key, work, later());
      const second = await runOnce.run(key, work, later());

      // Assess
      expect({ first, second, runs: work.runs }).toEqual({
        first: { value: 'not placed', replayed: false },
        second: { value: 'not placed', replayed: false },
        runs: 2,
      });
    });

    it('refuses the same key with another fingerprint as idempotency_key_reused, without running the work', async () => {
      // Prepare
      const runOnce = new RunOnce(SETTINGS, secret);
      const key = newKey({ to: '+14155550100' });
      await runOnce.run(key, counted({ value: 'placed', remember: true }), later());
      const work = counted({ value: 'placed again', remember: true });

      // Act
      const code = await problemOf(runOnce.run({ ...key, fingerprint: { to: '+14155550199' } }, work, later()));

      // Assess
      expect({ code, runs: work.runs }).toEqual({ code: 'idempotency_key_reused', runs: 0 });
    });

    it('treats fingerprints that differ only in the order of their keys as the same request', async () => {
      // Prepare
      const runOnce = new RunOnce(SETTINGS, secret);
      const key = newKey({ phoneNumber: '+14155550100', label: 'renewals' });
      await runOnce.run(key, counted({ value: 'placed', remember: true }), later());

      // Act
      const again = await runOnce.run({ ...key, fingerprint: { label: 'renewals', phoneNumber: '+14155550100' } }, counted({ value: 'x', remember: true }), later());

      // Assess
      expect(again).toEqual({ value: 'placed', replayed: true });
    });

    it('refuses a key whose fingerprint key changed as reused when no legacy fingerprint is known: the fingerprint is keyed', async () => {
      // Prepare
      const key = newKey();
      await new RunOnce(SETTINGS, secret).run(key, counted({ value: 'placed', remember: true }), later());
      const work = counted({ value: 'placed again', remember: true });

      // Act
      const code = await problemOf(new RunOnce(SETTINGS, keyedBy('another-key')).run(key, work, later()));

      // Assess
      expect({ code, runs: work.runs }).toEqual({ code: 'idempotency_key_reused', runs: 0 });
    });

    it('replays a record written with the legacy fingerprint for the same request (the migration), without running the work', async () => {
      // Prepare: written as version 1 did, keyed by the OAuth client secret.
      const key = newKey();
      await new RunOnce(SETTINGS, keyedBy('oauth-client-secret')).run(key, counted({ value: 'placed', remember: true }), later());
      const work = counted({ value: 'placed again', remember: true });

      // Act
      const again = await new RunOnce(SETTINGS, keyedBy('stack-hash-key', 'oauth-client-secret')).run(key, work, later());

      // Assess
      expect({ again, runs: work.runs }).toEqual({ again: { value: 'placed', replayed: true }, runs: 0 });
    });

    it('refuses another request under a legacy record as reused: neither fingerprint matches', async () => {
      // Prepare
      const key = newKey({ to: '+14155550100' });
      await new RunOnce(SETTINGS, keyedBy('oauth-client-secret')).run(key, counted({ value: 'placed', remember: true }), later());
      const work = counted({ value: 'placed again', remember: true });

      // Act
      const code = await problemOf(new RunOnce(SETTINGS, keyedBy('stack-hash-key', 'oauth-client-secret')).run({ ...key, fingerprint: { to: '+14155550199' } }, work, later()));

      // Assess
      expect({ code, runs: work.runs }).toEqual({ code: 'idempotency_key_reused', runs: 0 });
    });

    it('asks for the legacy fingerprint only when the current one does not match', async () => {
      // Prepare
      const legacy = jest.fn(async () => 'never-used');
      const runOnce = new RunOnce(SETTINGS, { ...secret, legacy });
      const key = newKey();

      // Act
      await runOnce.run(key, counted({ value: 'placed', remember: true }), later());
      const again = await runOnce.run(key, counted({ value: 'x', remember: true }), later());

      // Assess
      expect({ again, legacyAsked: legacy.mock.calls.length }).toEqual({ again: { value: 'placed', replayed: true }, legacyAsked: 0 });
    });

    it('passes on a failure to read the fingerprint secret as it is, without running the work', async () => {
      // Prepare
      const unreadable = new Error('secret unavailable');
      const runOnce = new RunOnce(SETTINGS, { current: () => Promise.reject(unreadable) });
      const work = counted({ value: 'placed', remember: true });

      // Act
      const error = await runOnce.run(newKey(), work, later()).catch((caught: unknown) => caught);

      // Assess
      expect({ error, runs: work.runs }).toEqual({ error: unreadable, runs: 0 });
    });

    it("refuses with idempotency_store_unavailable, without running the work, when the invocation's deadline has passed", async () => {
      // Prepare
      const runOnce = new RunOnce(SETTINGS, secret);
      const work = counted({ value: 'placed', remember: true });

      // Act
      const code = await problemOf(runOnce.run(newKey(), work, Date.now() - 1));

      // Assess
      expect({ code, runs: work.runs }).toEqual({ code: 'idempotency_store_unavailable', runs: 0 });
    });

    it("keeps the work's outcome when the store fails after the work ran: a placed call is never turned into an error", async () => {
      // Prepare: a store of its own, stopped by the work itself, so saving the outcome fails.
      const ownStore = await startLocalDynamoDB();
      process.env.AWS_ENDPOINT_URL_DYNAMODB = ownStore.url;
      const runOnce = new RunOnce(SETTINGS, secret);
      const work = async (): Promise<Outcome<string>> => {
        await ownStore.stop();
        return { value: 'placed', remember: true };
      };

      // Act
      let result: unknown;
      try {
        result = await runOnce.run(newKey(), work, later());
      } finally {
        process.env.AWS_ENDPOINT_URL_DYNAMODB = store.url;
      }

      // Assess
      expect(result).toEqual({ value: 'placed', replayed: false });
    });

    it("keeps the outcome of work marked remember: false when the store fails to forget it", async () => {
      // Prepare
      const ownStore = await startLocalDynamoDB();
      process.env.AWS_ENDPOINT_URL_DYNAMODB = ownStore.url;
      const runOnce = new RunOnce(SETTINGS, secret);
      const work = async (): Promise<Outcome<string>> => {
        await ownStore.stop();
        return { value: 'rate limited', remember: false };
      };

      // Act
      let result: unknown;
      try {
        result = await runOnce.run(newKey(), work, later());
      } finally {
        process.env.AWS_ENDPOINT_URL_DYNAMODB = store.url;
      }

      // Assess
      expect(result).toEqual({ value: 'rate limited', replayed: false });
    });
  });

  describe('without a table', () => {
    it('refuses every request with idempotency_store_unavailable and runs nothing', async () => {
      // Prepare
      const runOnce = new RunOnce({ windowSeconds: 3600 }, secret);
      const work = counted({ value: 'placed', remember: true });

      // Act
      const code = await problemOf(runOnce.run(newKey(), work, later()));

      // Assess
      expect({ code, runs: work.runs }).toEqual({ code: 'idempotency_store_unavailable', runs: 0 });
    });

    it('does not keep a failed load: each request tries to load the store again', async () => {
      // Prepare
      const runOnce = new RunOnce({ windowSeconds: 3600 }, secret);

      // Act
      const first = await runOnce.run(newKey(), counted({ value: 1, remember: true }), later()).catch((error: unknown) => error);
      const second = await runOnce.run(newKey(), counted({ value: 2, remember: true }), later()).catch((error: unknown) => error);

      // Assess: a kept load would have answered the second with the first's very error.
      expect(second).toBeInstanceOf(ProblemError);
      expect(second).not.toBe(first);
    });
  });
});

describe('toIdempotencyProblem', () => {
  it.each([
    ['IdempotencyValidationError', 'idempotency_key_reused', new IdempotencyValidationError('x')],
    ['IdempotencyAlreadyInProgressError', 'request_in_progress', new IdempotencyAlreadyInProgressError('x')],
    ['IdempotencyPersistenceLayerError', 'idempotency_store_unavailable', new IdempotencyPersistenceLayerError('x')],
    ['IdempotencyUnknownError', 'idempotency_store_unavailable', new IdempotencyUnknownError('x')],
    ['IdempotencyInconsistentStateError', 'idempotency_store_unavailable', new IdempotencyInconsistentStateError('x')],
    ['IdempotencyKeyError', 'idempotency_store_unavailable', new IdempotencyKeyError('x')],
  ])("turns Powertools' %s into %s, keeping it as the cause", (_name, code, error) => {
    // Act
    const problem = toIdempotencyProblem(error);

    // Assess
    expect(problem).toBeInstanceOf(ProblemError);
    expect({ code: (problem as ProblemError).code, cause: (problem as ProblemError).cause }).toEqual({ code, cause: error });
  });

  it('passes any other error on as it is', () => {
    // Prepare
    const other = new TypeError('not an idempotency error');

    // Act
    const passed = toIdempotencyProblem(other);

    // Assess
    expect(passed).toBe(other);
  });

  it('passes on an error whose name is an Object property rather than a Powertools error', () => {
    // Prepare
    const odd = Object.assign(new Error('odd'), { name: 'toString' });

    // Act
    const passed = toIdempotencyProblem(odd);

    // Assess
    expect(passed).toBe(odd);
  });
});
