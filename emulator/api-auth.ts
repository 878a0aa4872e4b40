import { genesysError } from './error-body';
import { header, type Exchange, type Reply } from './exchange';
import type { IssuedToken, TokenStore } from './tokens';

export type Authentication = { ok: true; token: IssuedToken } | { ok: false; reply: Reply };

/**
 * The API host's bearer check: no bearer token -> 401 authentication.required; a token that is
 * unknown, expired or revoked -> 401 bad.credentials (facts §3).
 */
export function authenticate(exchange: Exchange, tokens: TokenStore): Authentication {
  // Emulator choice (unverified): any other scheme (e.g. Basic) counts as "no bearer token".
  const accessToken = /^Bearer\s+(\S+)\s*$/i.exec(header(exchange, 'authorization') ?? '')?.[1];
  if (accessToken === undefined) return { ok: false, reply: genesysError(exchange, 'authentication.required') };
  const check = tokens.check(accessToken);
  if (check.token !== undefined) exchange.tokenKind = check.token.kind;
  if (!check.ok) return { ok: false, reply: genesysError(exchange, 'bad.credentials') };
  return { ok: true, token: check.token };
}
