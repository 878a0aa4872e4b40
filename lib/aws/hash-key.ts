import { createHmac, hkdfSync } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretReader } from './secret-reader';

/**
 * The shortest SecretString accepted as the key. The stack generates 64 characters
 * (serverless.yml, `HashKeySecret`); 32 alphanumerics are still about 190 bits.
 */
export const MIN_HASH_KEY_LENGTH = 32;

/**
 * The stack's hash key could not be used: no `HASH_KEY_SECRET_ID` (`unconfigured`), Secrets
 * Manager refused or did not answer (`unavailable`), could not be reached (`unreachable`), or the
 * secret is not a key (`invalid`). Never holds the key.
 */
export class HashKeyError extends Error {
  override readonly name = 'HashKeyError';
  constructor(
    readonly kind: 'unconfigured' | 'unavailable' | 'unreachable' | 'invalid',
    readonly secretId: string | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The stack's hash key${secretId === undefined ? '' : ` (${secretId})`}: ${reason}`, options);
  }
}

export interface HashKeySettings {
  /** HASH_KEY_SECRET_ID: the secret the stack generated. Without it every `hmac` fails (`unconfigured`). */
  readonly secretId?: string;
  /** The most one read may take, as for the OAuth client's secret (GENESYS_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

/**
 * The stack's own key (`HASH_KEY_SECRET_ID`), for keyed hashes of what must not be stored in the
 * clear nor be guessable from its hash: the idempotency fingerprints (which hold the number), the
 * suppression list's numbers. The stack generates it (CloudFormation `GenerateSecretString`) and
 * nothing rotates it: unlike the OAuth client's secret, it stays the same for the stack's life, so
 * a hash made today matches one made next month.
 *
 * Read once per container with the same bounds as the OAuth client (secret-reader.ts). Each
 * purpose gets its own key derived from it (HKDF-SHA256 with the purpose as label), so a hash made
 * for one purpose never equals one made for another.
 */
export class StackHashKey {
  readonly #secret: SecretReader<Buffer> | undefined;
  readonly #derived = new Map<string, Buffer>();

  constructor(settings: HashKeySettings, client?: SecretsManagerClient) {
    const { secretId, timeoutMs } = settings;
    this.#secret =
      secretId === undefined
        ? undefined
        : new SecretReader({
            secretId,
            timeoutMs,
            parse: (secretString) => parseHashKey(secretId, secretString),
            failure: (kind, reason, cause) => new HashKeyError(kind, secretId, reason, { cause }),
            ...(client === undefined ? {} : { client }),
          });
  }

  /**
   * HMAC-SHA256 of `data` under the key derived for `purpose` (e.g. `idempotency-fingerprint/v2`,
   * `suppression/v1`: name the scheme's version, so that changing it changes every hash at once),
   * base64url. `deadline`: the invocation's, epoch ms; the first call of a container reads the secret
   * within it. Throws `HashKeyError`.
   */
  async hmac(purpose: string, data: string, deadline: number): Promise<string> {
    return createHmac('sha256', await this.keyFor(purpose, deadline)).update(data).digest('base64url');
  }

  private async keyFor(purpose: string, deadline: number): Promise<Buffer> {
    const known = this.#derived.get(purpose);
    if (known) return known;
    if (this.#secret === undefined) {
      throw new HashKeyError('unconfigured', undefined, 'HASH_KEY_SECRET_ID is not set, so nothing can be hashed with the stack\'s key');
    }
    const material = await this.#secret.get(deadline);
    const key = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), purpose, 32));
    this.#derived.set(purpose, key);
    return key;
  }
}

/** Never quotes the secret's content in an error: it is the key. */
function parseHashKey(secretId: string, secretString: string | undefined): Buffer {
  if (secretString === undefined) throw new HashKeyError('invalid', secretId, 'it has no SecretString');
  if (secretString.length < MIN_HASH_KEY_LENGTH) {
    throw new HashKeyError('invalid', secretId, `its SecretString has ${secretString.length} characters; a key needs at least ${MIN_HASH_KEY_LENGTH}`);
  }
  return Buffer.from(secretString, 'utf8');
}
