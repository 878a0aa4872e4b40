import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CredentialsError } from './errors';

/** A Genesys OAuth client (client-credentials grant), as stored in the secret's SecretString. */
export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Reads the OAuth client from Secrets Manager once per container and keeps it. Concurrent callers
 * share one read. `invalidate()` makes the next `get()` read again: the token code calls it when
 * Genesys answers `invalid_client`, because the secret may have been rotated since it was read.
 */
export class SecretsManagerCredentials {
  #pending: Promise<OAuthClient> | undefined;

  constructor(
    private readonly secretId: string,
    // The real SDK client; AWS_ENDPOINT_URL_SECRETS_MANAGER points it elsewhere (the emulator).
    // Bounded: a hung Secrets Manager fails as credentials_unavailable in seconds, not at the
    // Lambda's timeout.
    private readonly client: SecretsManagerClient = new SecretsManagerClient({
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
    }),
  ) {}

  get(): Promise<OAuthClient> {
    if (!this.#pending) {
      const read = this.read();
      this.#pending = read;
      // A failed read is not kept: the next invocation tries again.
      read.catch(() => {
        if (this.#pending === read) this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  invalidate(): void {
    this.#pending = undefined;
  }

  private async read(): Promise<OAuthClient> {
    let secretString: string | undefined;
    try {
      const output = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
      secretString = output.SecretString;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new CredentialsError('unavailable', this.secretId, `GetSecretValue failed with ${name}`, { cause: error });
    }
    return parseSecret(this.secretId, secretString);
  }
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
