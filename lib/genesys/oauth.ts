import type { KyInstance } from 'ky';
import type { OAuthClient } from './credentials';
import { GenesysError } from './errors';
import { attemptTimeout, toGenesysError } from './http';
import { retryOptions, TOKEN_RETRY } from './retry-policy';
import type { IssuedToken } from './token';

export interface OAuthSettings {
  readonly loginUrl: string;
  readonly timeoutMs: number;
}

/**
 * Client-credentials grant (facts.md §4): `POST https://login.<domain>/oauth/token` with HTTP Basic
 * client id and secret and the form body `grant_type=client_credentials`.
 */
export async function requestToken(
  http: KyInstance,
  settings: OAuthSettings,
  client: OAuthClient,
  deadline: number,
): Promise<IssuedToken> {
  const timeout = attemptTimeout(settings.timeoutMs, deadline);
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  try {
    const body = await http
      .post(`${settings.loginUrl}/oauth/token`, {
        headers: { authorization: `Basic ${basic}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
        timeout,
        retry: retryOptions(TOKEN_RETRY, deadline, timeout),
      })
      .json<{ access_token?: unknown; expires_in?: unknown }>();
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new GenesysError({ operation: 'token', status: 200, code: 'malformed_token_response' });
    }
    return { accessToken: body.access_token, expiresInSeconds: body.expires_in };
  } catch (error) {
    if (error instanceof GenesysError) throw error;
    throw await toGenesysError(error, 'token', timeout);
  }
}

/** Genesys's answer to a client id or secret it does not know, e.g. after the secret was rotated. */
export function isInvalidClient(error: unknown): boolean {
  return error instanceof GenesysError && error.operation === 'token' && error.code === 'invalid_client';
}
