import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from './config';
import { getConfig } from './config';
import { LazyDynamoDB } from './aws/dynamodb-client';
import type { GenesysClient } from './genesys/client';
import { createGenesysClient } from './genesys/client';
import { SecretsManagerCredentials } from './genesys/credentials';
import { StackHashKey } from './aws/hash-key';
import { secretsManagerClient } from './aws/secret-reader';
import type { RequestFingerprints } from './idempotency/fingerprint';
import { fingerprintOf, legacyFingerprint } from './idempotency/fingerprint';
import { RunOnce } from './idempotency/run-once';
import { DynamoCallStore } from './outcomes/call-store';
import type { OutcomeEvents } from './outcomes/outcome-events';
import { outcomeEventsFor } from './outcomes/outcome-events';

/**
 * What a warm container keeps between invocations: settings, OAuth client, token, HTTP client,
 * the idempotency store (loaded on the first request with a key) and the call records (loaded on
 * the first call placed).
 */
export interface Container {
  readonly config: Config;
  readonly genesys: GenesysClient;
  readonly runOnce: RunOnce;
  readonly calls: DynamoCallStore;
  /** The stack's own key (HASH_KEY_SECRET_ID) for keyed hashes: fingerprints, and any room that hashes what it must not store. */
  readonly hashKey: StackHashKey;
  /** `Call outcome` events on the default bus (getCall's lookups); none unless CALL_OUTCOME_EVENTS is on. */
  readonly outcomeEvents?: OutcomeEvents;
  /** The time calling hours are judged at (epoch ms): the clock, unless a test names the instant. */
  readonly now: () => number;
}

export function createContainer(config: Config, secretsManager: SecretsManagerClient = secretsManagerClient()): Container {
  const { credentialsSecretId, timeoutMs } = config.genesys;
  // Both secrets are read with one Secrets Manager client, bounded alike (lib/aws/secret-reader.ts).
  const credentials = new SecretsManagerCredentials(credentialsSecretId, timeoutMs, secretsManager);
  const hashKey = new StackHashKey({ ...config.hashKey, timeoutMs }, secretsManager);
  const fingerprints: RequestFingerprints = {
    current: (request, deadline) => fingerprintOf(hashKey, request, deadline),
    // Records written before the hash key existed (docs/idempotency.md, "Migration").
    legacy: async (request, deadline) => legacyFingerprint((await credentials.get(deadline)).clientSecret, request),
  };
  // One DynamoDB client for both stores: a keyed call writes its record on the idempotency store's connection.
  const dynamodb = new LazyDynamoDB();
  const outcomeEvents = outcomeEventsFor(config.outcomeEvents);
  return {
    config,
    genesys: createGenesysClient(config.genesys, secretsManager, credentials),
    // Idempotency fingerprints are keyed by the stack's hash key, which no OAuth rotation touches (fingerprint.ts).
    runOnce: new RunOnce(config.idempotency, fingerprints, dynamodb),
    hashKey,
    calls: new DynamoCallStore(config.calls, dynamodb),
    now: Date.now,
    ...(outcomeEvents === undefined ? {} : { outcomeEvents }),
  };
}

let current: Container | undefined;

/**
 * The container's parts, built on first use rather than at import so that a configuration error is
 * answered as `500 configuration_error` instead of failing the module load (which Lambda reports as
 * an opaque Runtime.ImportModuleError).
 */
export function getContainer(): Container {
  current ??= createContainer(getConfig());
  return current;
}
