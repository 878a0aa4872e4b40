import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { attemptTimeout, settleBy } from './deadline';
import { SingleFlight } from './single-flight';
import { describeUnreachable } from './unreachable';

/**
 * The Secrets Manager client's own bounds, a first line only: the abort signal and `settleBy` in
 * `SecretReader` are what bound a read, whatever SDK version the Lambda runtime provides.
 */
export const SECRETS_MANAGER_CLIENT_CONFIG = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
} as const;

/** The real SDK client; AWS_ENDPOINT_URL_SECRETS_MANAGER points it elsewhere (the emulator). */
export function secretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient(SECRETS_MANAGER_CLIENT_CONFIG);
}

/**
 * Why a read failed: `unreachable` when no connection to Secrets Manager could be made (`reason`
 * says where), `unavailable` for anything else Secrets Manager (or the wait for it) answered.
 */
export type SecretReadFailure = 'unavailable' | 'unreachable';

export interface SecretReaderOptions<T> {
  readonly secretId: string;
  /** The most one read may take, less if the invocation ends sooner. */
  readonly timeoutMs: number;
  /** The SecretString → what the owner keeps; throws the owner's error when it is malformed. */
  readonly parse: (secretString: string | undefined) => T;
  /** The owner's error for a read that failed, so that each secret is answered with its own problem. */
  readonly failure: (kind: SecretReadFailure, reason: string, cause?: unknown) => Error;
  readonly client?: SecretsManagerClient;
}

/**
 * One secret, read from Secrets Manager once per container and kept: the Genesys OAuth client
 * (lib/genesys/credentials.ts) and the stack's hash key (hash-key.ts), bounded alike. Concurrent
 * callers share one read (SingleFlight, bounded by the deadline of the caller that started it), and
 * each caller waits at most until its own deadline. A failed read, or a value `parse` refused, is
 * not kept: the next caller reads again. `invalidate()` makes the next `get()` read again.
 */
export class SecretReader<T> {
  #value: { readonly parsed: T } | undefined;
  readonly #reading = new SingleFlight<T>();
  readonly #client: SecretsManagerClient;

  constructor(private readonly options: SecretReaderOptions<T>) {
    this.#client = options.client ?? secretsManagerClient();
  }

  /** `deadline`: the invocation's, epoch ms; the read, and this caller's wait for it, end before it. */
  async get(deadline: number): Promise<T> {
    if (this.#value) return this.#value.parsed;
    const parsed = await this.#reading.run(
      deadline,
      (bound) => this.read(bound),
      () => this.options.failure('unavailable', "GetSecretValue did not answer before the invocation's deadline"),
    );
    this.#value = { parsed };
    return parsed;
  }

  invalidate(): void {
    this.#value = undefined;
    this.#reading.forget();
  }

  private async read(deadline: number): Promise<T> {
    const timeoutMs = attemptTimeout(this.options.timeoutMs, deadline);
    // The SDK's own requestTimeout only logs a warning in some versions: the signal aborts the
    // request, and settleBy ends the wait even if the SDK does not heed the signal.
    const abort = new AbortController();
    let secretString: string | undefined;
    try {
      const sent = this.#client.send(new GetSecretValueCommand({ SecretId: this.options.secretId }), { abortSignal: abort.signal });
      const output = await settleBy(sent, Date.now() + timeoutMs, () => new ReadTimedOut());
      secretString = output.SecretString;
    } catch (error) {
      abort.abort();
      const unreachable = describeUnreachable(error);
      if (unreachable) throw this.options.failure('unreachable', unreachable, error);
      const reason =
        error instanceof ReadTimedOut ? `GetSecretValue did not answer within ${timeoutMs} ms` : `GetSecretValue failed with ${errorName(error)}`;
      throw this.options.failure('unavailable', reason, error);
    }
    return this.options.parse(secretString);
  }
}

class ReadTimedOut extends Error {
  override readonly name = 'ReadTimedOut';
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
