import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** lib/genesys/credentials.ts's imports and client, and the one GetSecretValue (from node_modules, as the runtime provides it). */
const client = new SecretsManagerClient({});

export function firstUse(): Promise<unknown> {
  return client.send(new GetSecretValueCommand({ SecretId: process.env.GENESYS_CREDENTIALS_SECRET_ID }));
}
