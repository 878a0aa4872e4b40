import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { GenesysCallRequest } from '../call-request';
import type { Config } from '../config';
import type { CallPlaced } from './create-call';
import { createCall } from './create-call';
import { SecretsManagerCredentials } from './credentials';
import { getJson } from './get-json';
import { createHttp } from './http';
import { isInvalidClient, requestToken } from './oauth';
import { TokenCache } from './token';

export interface GenesysClient {
  createCall(request: GenesysCallRequest, deadline: number): Promise<CallPlaced>;
  /** GETs a Genesys JSON resource with this container's token (see get-json.ts). */
  getJson(path: string, deadline: number): Promise<Record<string, unknown>>;
}

/**
 * The Genesys side of one container: the OAuth client read from Secrets Manager, the token cache and
 * the HTTP client, each created once and shared by every invocation the container serves.
 */
export function createGenesysClient(config: Config['genesys'], secretsManager?: SecretsManagerClient): GenesysClient {
  const http = createHttp();
  const credentials = new SecretsManagerCredentials(config.credentialsSecretId, secretsManager);
  const fetchToken = async (deadline: number) => {
    const client = await credentials.get();
    try {
      return await requestToken(http, config, client, deadline);
    } catch (error) {
      if (!isInvalidClient(error)) throw error;
      // The secret may have been rotated since this container read it: read it once more.
      credentials.invalidate();
      const fresh = await credentials.get();
      if (fresh.clientId === client.clientId && fresh.clientSecret === client.clientSecret) throw error;
      return requestToken(http, config, fresh, deadline);
    }
  };
  const tokens = new TokenCache(fetchToken);

  return {
    createCall(request, deadline) {
      return createCall({ http, tokens, apiUrl: config.apiUrl, timeoutMs: config.timeoutMs }, request, deadline);
    },
    getJson(path, deadline) {
      return getJson({ http, tokens, apiUrl: config.apiUrl, timeoutMs: config.timeoutMs }, path, deadline);
    },
  };
}
