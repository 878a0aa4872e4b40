import { timingSafeEqual } from 'node:crypto';
import { header, mediaType, type Exchange, type Reply } from './exchange';
import { oauthError } from './oauth-error';
import type { EmulatorState } from './state';

const CLIENT_CREDENTIALS = 'client_credentials';
const FORM = 'application/x-www-form-urlencoded';
/** A seeded client that names no grants may use the client-credentials grant. */
const DEFAULT_GRANTS = [CLIENT_CREDENTIALS];

/** Real Genesys text for a client without the grant, or a wrong grant_type (facts §4 [GCCX]). */
const UNAUTHORIZED_CLIENT = 'client is not authorized to use the client_credential grant type';

// Emulator choice (unverified): the status (401) and descriptions of invalid_client and invalid_request.
const MISSING_CLIENT_AUTHENTICATION = 'client authentication is required: send Authorization: Basic base64(clientId:clientSecret)';
const CLIENT_NOT_FOUND = 'client not found';
const WRONG_CLIENT_SECRET = 'invalid client credentials';
const NOT_A_FORM = `the token request body must be ${FORM}`;

/** POST /oauth/token on the login host: the client-credentials grant only (facts §4). */
export function token(exchange: Exchange, state: EmulatorState): Reply {
  const credentials = basicCredentials(header(exchange, 'authorization'));
  if (credentials === undefined) return oauthError(401, 'invalid_client', MISSING_CLIENT_AUTHENTICATION);
  const client = state.clients.get(credentials.clientId);
  // A client created in another region does not exist on this region's login host.
  if (client === undefined || state.regionOf(client) !== state.region) return oauthError(401, 'invalid_client', CLIENT_NOT_FOUND);
  if (!sameSecret(client.clientSecret, credentials.clientSecret)) return oauthError(401, 'invalid_client', WRONG_CLIENT_SECRET);

  // Emulator choice (unverified): a JSON (or any non-form) body is refused with invalid_request, as RFC 6749 §4.4.2 requires a form.
  if (mediaType(exchange) !== FORM) return oauthError(400, 'invalid_request', NOT_A_FORM);
  const grantType = new URLSearchParams(exchange.rawBody).get('grant_type');
  if (grantType !== CLIENT_CREDENTIALS || !(client.grants ?? DEFAULT_GRANTS).includes(CLIENT_CREDENTIALS)) {
    return oauthError(400, 'unauthorized_client', UNAUTHORIZED_CLIENT);
  }

  const expiresIn = state.tokenLifetimeSeconds;
  const accessToken = state.tokens.issue({ kind: 'client', clientId: client.clientId }, expiresIn);
  state.recorder.records.tokensIssued += 1;
  return {
    status: 200,
    // RFC 6749 §5.1: token responses must not be cached.
    headers: { 'Cache-Control': 'no-store' },
    body: { access_token: accessToken, token_type: 'bearer', expires_in: expiresIn },
  };
}

function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const encoded = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** Constant-time, as a real server compares secrets; cheap, and it keeps copy-pasted code honest. */
function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
