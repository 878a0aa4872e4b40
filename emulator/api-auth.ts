import { genesysError } from './error-body';
import { header, type Exchange, type Reply } from './exchange';
import type { IssuedToken, TokenStore } from './tokens';
import type { TokenRateLimit } from './rate-limit';
import { RATE_LIMIT_KEY } from './rate-limit';

/** What the bearer check needs: the tokens issued, and the per-token limit with the seeded values it enforces. */
export interface ApiAccess {
  readonly tokens: TokenStore;
  readonly rateLimit: TokenRateLimit;
  readonly limits: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export type Authentication = { ok: true; token: IssuedToken } | { ok: false; reply: Reply };

/**
 * The API host's bearer check: no bearer token -> 401 authentication.required; a token that is
 * unknown, expired or revoked -> 401 bad.credentials (facts §3); a valid token over its requests a
 * minute (the seeded `platform.api` limit, rate-limit.ts) -> 429 too.many.requests.retry.after with
 * Retry-After (facts §3 [F429], §5), before the endpoint does anything.
 */
export function authenticate(exchange: Exchange, access: ApiAccess): Authentication {
  const { tokens } = access;
  // Emulator choice (unverified): any other scheme (e.g. Basic) counts as "no bearer token".
  const accessToken = /^Bearer\s+(\S+)\s*$/i.exec(header(exchange, 'authorization') ?? '')?.[1];
  if (accessToken === undefined) return { ok: false, reply: genesysError(exchange, 'authentication.required') };
  const check = tokens.check(accessToken);
  if (check.token !== undefined) exchange.tokenKind = check.token.kind;
  if (!check.ok) return { ok: false, reply: genesysError(exchange, 'bad.credentials') };
  const refused = access.rateLimit.admit(accessToken, access.limits['platform.api']?.[RATE_LIMIT_KEY[check.token.kind]]);
  if (refused !== undefined) {
    const seconds = String(refused.retryAfterSeconds);
    return { ok: false, reply: genesysError(exchange, 'too.many.requests.retry.after', { fill: [seconds], headers: { 'Retry-After': seconds } }) };
  }
  return { ok: true, token: check.token };
}
