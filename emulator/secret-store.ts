import { createHash, randomUUID } from 'node:crypto';

export interface StoredSecret {
  name: string;
  secretString: string;
  versionId: string;
  /** Epoch seconds (AWS sends `CreatedDate` as a number of seconds). */
  createdDate: number;
}

/** Where ARNs point; LocalStack uses the same all-zero account, so nobody mistakes it for a real one. */
const ACCOUNT_ID = '000000000000';

/**
 * The secrets of the emulated Secrets Manager: name -> current version. A secret has one version
 * at a time (AWSCURRENT); every change makes a new VersionId, as PutSecretValue and rotation do.
 */
export class SecretStore {
  private readonly secrets = new Map<string, StoredSecret>();

  constructor(initial: Record<string, string> = {}) {
    this.replaceAll(initial);
  }

  replaceAll(secrets: Record<string, string>): void {
    this.secrets.clear();
    for (const [name, secretString] of Object.entries(secrets)) this.put(name, secretString);
  }

  put(name: string, secretString: string): void {
    this.secrets.set(name, { name, secretString, versionId: randomUUID(), createdDate: Date.now() / 1000 });
  }

  /** Like DeleteSecret with ForceDeleteWithoutRecovery: the secret is gone at once. */
  delete(name: string): void {
    this.secrets.delete(name);
  }

  all(): StoredSecret[] {
    return [...this.secrets.values()];
  }

  /** Accepts a name, or an ARN whose resource part is `secret:<name>-XXXXXX` or `secret:<name>`. */
  find(secretId: string): StoredSecret | undefined {
    const marker = ':secret:';
    const at = secretId.startsWith('arn:') ? secretId.indexOf(marker) : -1;
    if (at < 0) return this.secrets.get(secretId);
    const resource = secretId.slice(at + marker.length);
    const withoutSuffix = /^(.+)-[A-Za-z0-9]{6}$/.exec(resource)?.[1];
    return this.secrets.get(resource) ?? (withoutSuffix === undefined ? undefined : this.secrets.get(withoutSuffix));
  }

  /** AWS appends six random characters to a secret's name in its ARN; here they are derived from the name so they stay stable. */
  arnOf(secret: StoredSecret, region: string): string {
    const suffix = createHash('sha256').update(secret.name).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 6);
    return `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${secret.name}-${suffix}`;
  }
}
