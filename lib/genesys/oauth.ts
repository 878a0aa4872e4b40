import type { KyInstance } from 'ky';
import { boundedRequest } from './bounded-request';
import type { OAuthClient } from './credentials';
import { GenesysError } from './errors';
import { TOKEN_RETRY } from './retry-policy';
import type { IssuedToken } from './token';

/** The part of the Genesys settings the token request needs. */
export interface OAuthSettings {
  readonly loginUrl: string;
  readonly timeoutMs: number;
}

/**
 * Client-credentials grant (facts.md §4): `POST https://login.<domain>/oauth/token` with HTTP Basic
 * client id and secret and the form body `grant_type=client_credentials`. A 2xx answer without a
 * usable token (an HTML page from a proxy, `null`, JSON without `access_token` or `expires_in`) is
 * a `GenesysError` with code `malformed_token_response`: a token failure, before any call.
 */
export async function requestToken(http: KyInstance, settings: OAuthSettings, client: OAuthClient, deadline: number): Promise<IssuedToken> {
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const answer = await boundedRequest(
    http,
    {
      operation: 'token',
      method: 'POST',
      url: `${settings.loginUrl}/oauth/token`,
      headers: { authorization: `Basic ${basic}` },
      form: new URLSearchParams({ grant_type: 'client_credentials' }),
      retry: TOKEN_RETRY,
    },
    { timeoutMs: settings.timeoutMs, deadline },
  );
  const { access_token: accessToken, expires_in: expiresIn } = (answer.body ?? {}) as { access_token?: unknown; expires_in?: unknown };
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn >= 0)) {
    throw new GenesysError({ operation: 'token', status: answer.status, code: MALFORMED_TOKEN_RESPONSE });
  }
  return { accessToken, expiresInSeconds: expiresIn };
}

/** The code of a 2xx token answer that holds no usable token. */
export const MALFORMED_TOKEN_RESPONSE = 'malformed_token_response';

/** Genesys's answer to a client id or secret it does not know, e.g. after the secret was rotated. */
export function isInvalidClient(error: unknown): boolean {
  return error instanceof GenesysError && error.operation === 'token' && error.code === 'invalid_client';
}
