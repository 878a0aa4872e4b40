import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Emulator } from '../../emulator';
import { DEMO } from '../../emulator';
import { HashKeyError, StackHashKey } from '../../lib/aws/hash-key';
import { SECRETS_MANAGER_CLIENT_CONFIG } from '../../lib/aws/secret-reader';
import { DEADLINE_RESERVE_MS } from '../../lib/aws/deadline';
import type { HungServer } from '../support/hung-server';
import { startHungServer } from '../support/hung-server';
import { startEmulator } from '../support/harness';

// The stack's hash key (lib/aws/hash-key.ts) read through the real AWS SDK from the emulator's
// Secrets Manager, as a deployed function reads the secret its stack generated.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const later = () => Date.now() + 10_000;
const hashKey = (secretId: string = DEMO.hashKeySecretId, client?: SecretsManagerClient) => new StackHashKey({ secretId, timeoutMs: 5000 }, client);

async function errorOf(promise: Promise<unknown>): Promise<HashKeyError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof HashKeyError) return error;
  throw new Error(`expected a HashKeyError, got ${String(error)}`);
}

describe('StackHashKey', () => {
  describe('hmac', () => {
    it('gives the same hash in every container and a different one for every purpose and every input', async () => {
      // Prepare
      const [a, b] = [hashKey(), hashKey()];

      // Act
      const same = [await a.hmac('suppression/v1', '+14155550100', later()), await b.hmac('suppression/v1', '+14155550100', later())];
      const otherPurpose = await a.hmac('idempotency-fingerprint/v2', '+14155550100', later());
      const otherInput = await a.hmac('suppression/v1', '+14155550101', later());

      // Assess
      expect(same[0]).toBe(same[1]);
      expect(same[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(new Set([same[0], otherPurpose, otherInput]).size).toBe(3);
    });

    it('reads the secret once per container, however many hashes are made, concurrently or not', async () => {
      // Prepare
      const key = hashKey();

      // Act
      await Promise.all(Array.from({ length: 5 }, (_, i) => key.hmac(`purpose/${i % 2}`, String(i), later())));
      await key.hmac('purpose/0', 'later', later());

      // Assess
      expect(emulator.records.secretReads).toBe(1);
    });

    it('does not depend on the OAuth client secret: a rotation changes no hash', async () => {
      // Prepare
      const before = await hashKey().hmac('suppression/v1', '+14155550100', later());
      emulator.rotateClientSecret();

      // Act
      const after = await hashKey().hmac('suppression/v1', '+14155550100', later());

      // Assess
      expect(after).toBe(before);
    });

    it('fails as unconfigured without HASH_KEY_SECRET_ID, asking Secrets Manager nothing', async () => {
      // Act
      const error = await errorOf(new StackHashKey({ timeoutMs: 5000 }).hmac('suppression/v1', 'x', later()));

      // Assess
      expect({ kind: error.kind, reads: emulator.records.secretReads }).toEqual({ kind: 'unconfigured', reads: 0 });
    });

    it('fails as unavailable naming the refusal for a secret that is not there, and reads again on the next call', async () => {
      // Prepare
      emulator.deleteSecret(DEMO.hashKeySecretId);
      const key = hashKey();
      const error = await errorOf(key.hmac('suppression/v1', 'x', later()));
      emulator.reset();

      // Act
      const hash = await key.hmac('suppression/v1', 'x', later());

      // Assess
      expect({ kind: error.kind, reason: error.reason }).toEqual({ kind: 'unavailable', reason: 'GetSecretValue failed with ResourceNotFoundException' });
      expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(emulator.records.secretReads).toBe(1); // since the reset: the failed read was not kept
    });

    it('refuses a secret too short to be a key as invalid, without quoting it', async () => {
      // Prepare
      emulator.setSecret(DEMO.hashKeySecretId, 'short-but-secret');

      // Act
      const error = await errorOf(hashKey().hmac('suppression/v1', 'x', later()));

      // Assess
      expect({ kind: error.kind, reason: error.reason }).toEqual({ kind: 'invalid', reason: 'its SecretString has 16 characters; a key needs at least 32' });
      expect(error.message).not.toContain('short-but-secret');
    });

    it("fails as unreachable, naming where, when nothing listens at Secrets Manager's endpoint", async () => {
      // Prepare: a port nobody listens on.
      const gone = await startHungServer();
      await gone.stop();
      const client = new SecretsManagerClient({ ...SECRETS_MANAGER_CLIENT_CONFIG, endpoint: gone.url, region: 'us-east-1' });

      // Act
      const error = await errorOf(hashKey(DEMO.hashKeySecretId, client).hmac('suppression/v1', 'x', later()));

      // Assess
      expect(error.kind).toBe('unreachable');
      expect(error.reason).toContain('connection refused');
    });
  });

  describe('with a hung Secrets Manager (accepts the connection, never answers)', () => {
    let hung: HungServer;
    beforeAll(async () => {
      hung = await startHungServer();
    });
    afterAll(() => hung.stop());

    it("ends the wait by the invocation's deadline, not by the read's much longer timeout, as the OAuth client's read does", async () => {
      // Prepare: a read timeout of 30 s, an invocation with 2 s left.
      const client = new SecretsManagerClient({ ...SECRETS_MANAGER_CLIENT_CONFIG, endpoint: hung.url, region: 'us-east-1' });
      const key = new StackHashKey({ secretId: DEMO.hashKeySecretId, timeoutMs: 30_000 }, client);
      const startedAt = Date.now();

      // Act
      const error = await errorOf(key.hmac('suppression/v1', 'x', startedAt + 2000));
      const waitedMs = Date.now() - startedAt;

      // Assess: ended at the deadline less the reserve (a second of slack for a loaded machine).
      expect({ kind: error.kind, endedByTheDeadline: waitedMs < 2000 - DEADLINE_RESERVE_MS + 1000, reached: hung.connections() > 0 }).toEqual({
        kind: 'unavailable',
        endedByTheDeadline: true,
        reached: true,
      });
    });
  });
});
