import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { attemptTimeout, settleBy } from './deadline';
import { CredentialsError } from './errors';
import { SingleFlight } from './single-flight';
import { describeUnreachable } from './unreachable';

/** A Genesys OAuth client (client-credentials grant), as stored in the secret's SecretString. */
export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Reads the OAuth client from Secrets Manager once per container and keeps it. Concurrent callers
 * share one read (SingleFlight: bounded by the deadline of the caller that started it). A failed
 * read is not kept: the next invocation tries again. `invalidate()` makes the next `get()` read
 * again: the token code calls it when Genesys answers `invalid_client`, because the secret may have
 * been rotated since it was read.
 */
export class SecretsManagerCredentials {
  #client: OAuthClient | undefined;
  readonly #reading = new SingleFlight<OAuthClient>();

  constructor(
    private readonly secretId: string,
    /** The most one read may take (GENESYS_TIMEOUT_MS), less if the invocation ends sooner. */
    private readonly timeoutMs: number,
    // The real SDK client; AWS_ENDPOINT_URL_SECRETS_MANAGER points it elsewhere (the emulator).
    // Its own timeouts are a first line; the abort signal below is what bounds the read.
    private readonly client: SecretsManagerClient = new SecretsManagerClient({
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
    }),
  ) {}

  /** `deadline`: the invocation's, epoch ms; the read, and this caller's wait for it, end before it. */
  async get(deadline: number): Promise<OAuthClient> {
    if (this.#client) return this.#client;
    const client = await this.#reading.run(
      deadline,
      (bound) => this.read(bound),
      () => new CredentialsError('unavailable', this.secretId, 'GetSecretValue did not answer before the invocation\'s deadline'),
    );
    this.#client = client;
    return client;
  }

  invalidate(): void {
    this.#client = undefined;
    this.#reading.forget();
  }

  private async read(deadline: number): Promise<OAuthClient> {
    const timeoutMs = attemptTimeout(this.timeoutMs, deadline);
    // The SDK's own requestTimeout only logs a warning in some versions: the signal aborts the
    // request, and settleBy ends the wait even if the SDK does not heed the signal.
    const abort = new AbortController();
    let secretString: string | undefined;
    try {
      const sent = this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }), { abortSignal: abort.signal });
      const output = await settleBy(sent, Date.now() + timeoutMs, () => new ReadTimedOut());
      secretString = output.SecretString;
    } catch (error) {
      abort.abort();
      const unreachable = describeUnreachable(error);
      if (unreachable) throw new CredentialsError('unreachable', this.secretId, unreachable, { cause: error });
      const reason =
        error instanceof ReadTimedOut ? `GetSecretValue did not answer within ${timeoutMs} ms` : `GetSecretValue failed with ${errorName(error)}`;
      throw new CredentialsError('unavailable', this.secretId, reason, { cause: error });
    }
    return parseSecret(this.secretId, secretString);
  }
}

class ReadTimedOut extends Error {
  override readonly name = 'ReadTimedOut';
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

/** Never quotes the secret's content in an error: it holds the client secret. */
export function parseSecret(secretId: string, secretString: string | undefined): OAuthClient {
  const expected = 'its SecretString must be JSON {"clientId": "…", "clientSecret": "…"}';
  if (secretString === undefined) throw new CredentialsError('invalid', secretId, `it has no SecretString; ${expected}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new CredentialsError('invalid', secretId, `its SecretString is not JSON; ${expected}`);
  }
  const { clientId, clientSecret } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
    throw new CredentialsError('invalid', secretId, `clientId or clientSecret is missing; ${expected}`);
  }
  return { clientId, clientSecret };
}
