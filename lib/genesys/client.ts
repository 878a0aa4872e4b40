import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CallPlaced, CallToPlace } from './create-call';
import { createCall } from './create-call';
import { SecretsManagerCredentials } from './credentials';
import type { ReadOptions } from './get-json';
import { getJson } from './get-json';
import { createHttp } from './http';
import { isInvalidClient, requestToken } from './oauth';
import type { RetryPolicy } from './retry-policy';
import { TokenCache } from './token';

/** What the Genesys client needs to know; the service's configuration maps to it (lib/config.ts). */
export interface GenesysSettings {
  /** `https://api.<domain>`, or the emulator. */
  readonly apiUrl: string;
  /** `https://login.<domain>`, or the emulator. */
  readonly loginUrl: string;
  /** The Secrets Manager secret holding the OAuth client (`{"clientId", "clientSecret"}`). */
  readonly credentialsSecretId: string;
  /** The most one read from Genesys or Secrets Manager (headers and body) may take. */
  readonly timeoutMs: number;
}

export interface GenesysClient {
  /** `deadline`: the invocation's, epoch ms; every request of the call ends before it. */
  createCall(call: CallToPlace, deadline: number): Promise<CallPlaced>;
  /** GETs a Genesys JSON resource with this container's token (see get-json.ts). */
  getJson(path: string, deadline: number, options?: ReadOptions): Promise<Record<string, unknown>>;
}

/**
 * The Genesys side of one container: the OAuth client read from Secrets Manager, the token cache and
 * the HTTP client, each created once and shared by every invocation the container serves.
 */
export function createGenesysClient(
  settings: GenesysSettings,
  secretsManager?: SecretsManagerClient,
  // Given when something else in the container needs the same OAuth client (one read, one cache).
  credentials = new SecretsManagerCredentials(settings.credentialsSecretId, settings.timeoutMs, secretsManager),
  // The dialer's: CALL_NO_WAIT (a 429 goes back to the queue instead of being waited out).
  callRetry?: RetryPolicy,
): GenesysClient {
  const http = createHttp();
  const fetchToken = async (deadline: number) => {
    const client = await credentials.get(deadline);
    try {
      return await requestToken(http, settings, client, deadline);
    } catch (error) {
      if (!isInvalidClient(error)) throw error;
      // The secret may have been rotated since this container read it: read it once more.
      credentials.invalidate();
      const fresh = await credentials.get(deadline);
      if (fresh.clientId === client.clientId && fresh.clientSecret === client.clientSecret) throw error;
      return requestToken(http, settings, fresh, deadline);
    }
  };
  const tokens = new TokenCache(fetchToken);

  return {
    createCall(call, deadline) {
      return createCall({ http, tokens, apiUrl: settings.apiUrl, timeoutMs: settings.timeoutMs, ...(callRetry ? { retry: callRetry } : {}) }, call, deadline);
    },
    getJson(path, deadline, options) {
      return getJson({ http, tokens, apiUrl: settings.apiUrl, timeoutMs: settings.timeoutMs }, path, deadline, options);
    },
  };
}
