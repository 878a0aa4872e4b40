import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from './config';
import { getConfig } from './config';
import { LazyDynamoDB } from './aws/dynamodb-client';
import type { GenesysClient } from './genesys/client';
import { createGenesysClient } from './genesys/client';
import { SecretsManagerCredentials } from './genesys/credentials';
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
  /** `Call outcome` events on the default bus (getCall's lookups); none unless CALL_OUTCOME_EVENTS is on. */
  readonly outcomeEvents?: OutcomeEvents;
  /** The time calling hours are judged at (epoch ms): the clock, unless a test names the instant. */
  readonly now: () => number;
}

export function createContainer(config: Config, secretsManager?: SecretsManagerClient): Container {
  const { credentialsSecretId, timeoutMs } = config.genesys;
  const credentials = new SecretsManagerCredentials(credentialsSecretId, timeoutMs, secretsManager);
  // One DynamoDB client for both stores: a keyed call writes its record on the idempotency store's connection.
  const dynamodb = new LazyDynamoDB();
  const outcomeEvents = outcomeEventsFor(config.outcomeEvents);
  return {
    config,
    genesys: createGenesysClient(config.genesys, secretsManager, credentials),
    // Idempotency fingerprints are keyed by the OAuth client secret (see fingerprint.ts).
    runOnce: new RunOnce(config.idempotency, async (deadline) => (await credentials.get(deadline)).clientSecret, dynamodb),
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
