import type { Context } from 'aws-lambda';
import type { IdempotencySettings } from '../config';
import { LazyDynamoDB } from '../aws/dynamodb-client';
import { ProblemError } from '../problems/errors';
import { lazyUntilFailed } from '../aws/lazy';
import type { RequestFingerprints } from './fingerprint';
import { toIdempotencyProblem } from './idempotency-problems';
import { withStoreDeadline } from '../aws/store-deadline';

/** What a guarded piece of work produced, and whether it is remembered for the key. */
export interface Outcome<T> {
  readonly value: T;
  /**
   * Remembered outcomes are replayed for the same key. An outcome is forgotten when nothing was
   * done (e.g. Genesys refused or rate-limited the call), so a retry with the same key tries again.
   */
  readonly remember: boolean;
}

export interface RunOnceResult<T> {
  readonly value: T;
  /** True when the value is the stored outcome of an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface IdempotencyKey {
  /** The caller's key, already scoped to the caller (see `scopedKey`). */
  readonly key: string;
  /**
   * What makes two requests "the same": a different fingerprint under the same key is refused. It
   * may hold personal data (the number): only its keyed hash is stored (fingerprint.ts).
   */
  readonly fingerprint: unknown;
}

type Guarded = (data: { key: string; fingerprint: string }, work: () => Promise<unknown>) => Promise<unknown>;

/**
 * Runs work at most once per key within the window, on Powertools' Idempotency utility with its
 * DynamoDB persistence layer. The utility (and the DynamoDB client) are loaded on the first request
 * that carries a key, so requests without one pay nothing for them at cold start. The client is the
 * container's one (lib/aws/dynamodb-client.ts), shared with the call records.
 */
export class RunOnce {
  // A failed load (e.g. no table configured) is not kept: the next request tries again.
  readonly #load = lazyUntilFailed(() => loadPowertools(this.settings, this.dynamodb));

  constructor(
    private readonly settings: IdempotencySettings,
    /** Keyed by a secret the store never holds (fingerprint.ts). */
    private readonly fingerprints: RequestFingerprints,
    private readonly dynamodb: LazyDynamoDB = new LazyDynamoDB(),
  ) {}

  /**
   * Runs `work` once for `key`, or replays its remembered outcome. Every store operation ends by
   * `deadline` (epoch ms, the invocation's) and within 2 s (store-deadline.ts): a store that does
   * not answer refuses the request (`503`) before the work, and cannot hold the answer after it.
   */
  async run<T>(key: IdempotencyKey, work: () => Promise<Outcome<T>>, deadline: number): Promise<RunOnceResult<T>> {
    const guarded = await this.#load();
    let done: Outcome<T> | undefined;
    const attempt = async (fingerprint: string) =>
      (await withStoreDeadline(deadline, () =>
        guarded({ key: key.key, fingerprint }, async () => {
          done = await work();
          // Throwing makes Powertools delete the in-progress record: the key is free again.
          if (!done.remember) throw new Forgotten();
          return done.value;
        }),
      )) as T;
    try {
      let value: T;
      try {
        // A failed read of the key is the secret's problem (hash_key_unavailable), thrown before the store is asked.
        value = await attempt(await this.fingerprints.current(key.fingerprint, deadline));
      } catch (error) {
        // Migration: a record written before the stack had its hash key holds a version 1
        // fingerprint; the same request made then matches it, and is answered with its outcome.
        if (done || !isFingerprintMismatch(error) || !this.fingerprints.legacy) throw error;
        value = await attempt(await this.fingerprints.legacy(key.fingerprint, deadline));
      }
      return { value, replayed: done === undefined };
    } catch (error) {
      // The work ran: its outcome stands, whatever the store said afterwards (a failed write of the
      // result must not turn a placed call into an error the caller would retry).
      if (done) return { value: done.value, replayed: false };
      throw toIdempotencyProblem(error);
    }
  }
}

/** Powertools found a record for the key whose fingerprint is not this request's. */
function isFingerprintMismatch(error: unknown): boolean {
  return error instanceof Error && error.name === 'IdempotencyValidationError';
}

class Forgotten extends Error {
  override readonly name = 'Forgotten';
}

async function loadPowertools(settings: IdempotencySettings, dynamodb: LazyDynamoDB) {
  if (!settings.tableName) {
    throw new ProblemError('idempotency_store_unavailable', {
      detail: 'This deployment has no idempotency store (IDEMPOTENCY_TABLE is not set), so an Idempotency-Key cannot be honoured. No call was placed.',
    });
  }
  const [{ IdempotencyConfig, makeIdempotent }, { DynamoDBPersistenceLayer }, { client }] = await Promise.all([
    import('@aws-lambda-powertools/idempotency'),
    import('@aws-lambda-powertools/idempotency/dynamodb'),
    dynamodb.load(),
  ]);
  // The real DynamoDB client (AWS_ENDPOINT_URL_DYNAMODB points it at a local DynamoDB), bounded, so
  // a hung store fails closed in seconds instead of eating the invocation.
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: settings.tableName, awsSdkV3Client: client });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'fingerprint',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: settings.windowSeconds,
  });
  const guarded = makeIdempotent(async (_data: { key: string; fingerprint: string }, work: () => Promise<unknown>) => work(), {
    persistenceStore,
    config,
    dataIndexArgument: 0,
  }) as Guarded;
  // Powertools lets an in-progress record expire when the registered context's time runs out. With
  // the invocation's own context, a retry after a crash mid-call would find the key free and dial
  // again; so the record is given the whole window instead. A key whose request died in flight
  // answers 409 until the window ends: a call that may be ringing is never placed twice.
  config.registerLambdaContext({ getRemainingTimeInMillis: () => settings.windowSeconds * 1000 } as Context);
  return guarded;
}

/** Keys are scoped to the caller: two callers who happen to pick the same key never collide. */
export function scopedKey(caller: string, key: string): string {
  return `${caller}\u0000${key}`;
}

/** What an idempotency key may be: 1 to 255 visible ASCII characters (a UUID is a good choice). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
