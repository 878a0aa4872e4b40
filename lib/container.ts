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
import { recordPlacedCall } from './outcomes/record-placed-call';
import { CALL_NO_WAIT } from './genesys/retry-policy';
import { BatchStore } from './queue/batch-store';
import type { BatchesParts } from './queue/batches-parts';
import { DialQueue } from './queue/dial-queue';
import type { Dialer } from './queue/dialer';
import { DialPace } from './queue/pace';
import { LaterSchedules } from './later/schedules';
import type { LaterCalls, LaterParts } from './later/calls-for-later';
import { laterCalls } from './later/calls-for-later';
import { batchItemKey, type DialMessage } from './queue/dial-message';
import { scopedKey } from './idempotency/run-once';
import { SUPPRESSION_PURPOSE, SuppressionList } from './suppression/suppression-list';
import { SuppressionStore } from './suppression/suppression-store';

/**
 * What a warm container keeps between invocations: settings, OAuth client, token, HTTP client,
 * the idempotency store (loaded on the first request with a key), the call records (loaded on
 * the first call placed) and the suppression list.
 */
export interface Container {
  readonly config: Config;
  readonly genesys: GenesysClient;
  readonly runOnce: RunOnce;
  readonly calls: DynamoCallStore;
  /** The stack's own key (HASH_KEY_SECRET_ID) for keyed hashes: fingerprints, and any room that hashes what it must not store. */
  readonly hashKey: StackHashKey;
  /**
   * The suppression list and attempt caps (SUPPRESSIONS_TABLE, MAX_ATTEMPTS_PER_NUMBER): every path
   * that places calls asks `suppression.check(e164, deadline)` before its idempotency guard and
   * places through `suppression.attempt(e164, deadline, place)` (docs/suppression.md).
   */
  readonly suppression: SuppressionList;
  /** `Call outcome` events on the default bus (getCall's lookups); none unless CALL_OUTCOME_EVENTS is on. */
  readonly outcomeEvents?: OutcomeEvents;
  /** The time calling hours are judged at (epoch ms): the clock, unless a test names the instant. */
  readonly now: () => number;
  /** The batch routes' parts: the batches table, the dial queue, the API's run-once. */
  readonly batches: BatchesParts;
  /** The dialer's parts, made on first use (only the dialer uses them): see lib/queue/dial-one.ts. */
  readonly dialer: () => Dialer;
  /** Calls for later: their records (batches of one), their schedules, their dial message. */
  readonly later: LaterCalls;
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
  // One DynamoDB client for every store: a keyed call writes its record on the idempotency store's connection.
  const dynamodb = new LazyDynamoDB();
  const outcomeEvents = outcomeEventsFor(config.outcomeEvents);
  const runOnce = new RunOnce(config.idempotency, fingerprints, dynamodb);
  const calls = new DynamoCallStore(config.calls, dynamodb);
  const batches = new BatchStore(config.batches, dynamodb);
  const queue = new DialQueue(config.dial.queueUrl);
  const schedules = new LaterSchedules(config.later);
  const canSchedule = config.later.group !== undefined && config.later.roleArn !== undefined && config.later.queueArn !== undefined;
  // Numbers are kept as HMAC-SHA256 under the stack's hash key, derived for the list alone.
  const suppression = new SuppressionList(
    config.suppression,
    (e164, deadline) => hashKey.hmac(SUPPRESSION_PURPOSE, e164, deadline),
    new SuppressionStore(config.suppression.tableName, dynamodb),
  );
  let dialer: Dialer | undefined;
  const later: LaterParts = {
    config,
    records: batches,
    schedules,
    // A call for later is item 0 of a batch of one whose id is its callId: the dialer settles it as any item.
    dialMessage: (callId, caller, call) =>
      JSON.stringify({ v: 1, key: scopedKey(caller, batchItemKey(callId, 0)), caller, call, batchId: callId, index: 0 } satisfies DialMessage),
  };
  return {
    config,
    later: laterCalls(later),
    genesys: createGenesysClient(config.genesys, secretsManager, credentials),
    // Idempotency fingerprints are keyed by the stack's hash key, which no OAuth rotation touches (fingerprint.ts).
    runOnce,
    hashKey,
    calls,
    now: Date.now,
    suppression,
    ...(outcomeEvents === undefined ? {} : { outcomeEvents }),
    batches: { config, batches, queue, runOnce, suppression, fingerprint: (request: unknown, deadline: number) => fingerprints.current(request, deadline), now: Date.now, ...(canSchedule ? { scheduleMessage: (schedule: Parameters<LaterSchedules['create']>[0], deadline: number) => schedules.create(schedule, deadline) } : {}) },
    dialer: () =>
      (dialer ??= {
        config,
        genesys: createGenesysClient(config.genesys, secretsManager, credentials, CALL_NO_WAIT),
        // A queued call's key must outlive every delivery of its message, not the API's window.
        runOnce: new RunOnce({ ...config.idempotency, windowSeconds: config.dial.recordSeconds }, fingerprints, dynamodb),
        pace: new DialPace(config.dial.requestsPerMinute, config.dial.concurrency),
        batches,
        queue,
        recordPlaced: (conversationId, call, placedBy, deadline) => recordPlacedCall(calls, config.calls, conversationId, call, placedBy, deadline),
        now: Date.now,
        ...(canSchedule ? { scheduleMessage: (schedule: Parameters<LaterSchedules['create']>[0], deadline: number) => schedules.create(schedule, deadline) } : {}),
        suppression,
      }),
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
