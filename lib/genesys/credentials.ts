import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretReader } from '../aws/secret-reader';
import { CredentialsError } from './errors';

/** A Genesys OAuth client (client-credentials grant), as stored in the secret's SecretString. */
export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The OAuth client, read from Secrets Manager once per container and kept (lib/aws/secret-reader.ts:
 * one read shared by concurrent callers, each wait bounded by the invocation's time left; a failed or
 * malformed read is not kept). `invalidate()` makes the next `get()` read again: the token code calls
 * it when Genesys answers `invalid_client`, because the secret may have been rotated since it was read.
 */
export class SecretsManagerCredentials {
  readonly #secret: SecretReader<OAuthClient>;

  constructor(
    secretId: string,
    /** The most one read may take (GENESYS_TIMEOUT_MS), less if the invocation ends sooner. */
    timeoutMs: number,
    client?: SecretsManagerClient,
  ) {
    this.#secret = new SecretReader({
      secretId,
      timeoutMs,
      parse: (secretString) => parseSecret(secretId, secretString),
      failure: (kind, reason, cause) => new CredentialsError(kind, secretId, reason, { cause }),
      ...(client === undefined ? {} : { client }),
    });
  }

  /** `deadline`: the invocation's, epoch ms; the read, and this caller's wait for it, end before it. */
  get(deadline: number): Promise<OAuthClient> {
    return this.#secret.get(deadline);
  }

  invalidate(): void {
    this.#secret.invalidate();
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
