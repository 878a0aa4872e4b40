import { randomBytes } from 'node:crypto';

export type TokenKind = 'client' | 'user';

export interface IssuedToken {
  kind: TokenKind;
  /** The OAuth client that asked for it (client tokens). */
  clientId?: string;
  /** The user it speaks for (user tokens). */
  userId?: string;
  /** Epoch ms; fixed at issue from the lifetime in force then. */
  expiresAt: number;
  revoked: boolean;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked'; token?: IssuedToken };

/**
 * The access tokens the emulator has issued. Tokens are random opaque strings, as Genesys's are
 * to a client: nothing may be read out of them, so the emulator keeps what it knows beside them.
 */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  issue(grant: { kind: 'client'; clientId: string } | { kind: 'user'; userId: string }, lifetimeSeconds: number): string {
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, { ...grant, expiresAt: Date.now() + lifetimeSeconds * 1000, revoked: false });
    return accessToken;
  }

  check(accessToken: string): TokenCheck {
    const token = this.tokens.get(accessToken);
    if (token === undefined) return { ok: false, reason: 'unknown' };
    if (token.revoked) return { ok: false, reason: 'revoked', token };
    // Emulator choice (unverified): a token fails exactly at issue + expires_in, with no grace period.
    // A lifetime of 0 gives a token that is already expired: the cheapest way to test expiry.
    if (Date.now() >= token.expiresAt) return { ok: false, reason: 'expired', token };
    return { ok: true, token };
  }

  /** Every token ever issued, valid or not. */
  all(): string[] {
    return [...this.tokens.keys()];
  }

  revokeAll(): void {
    for (const token of this.tokens.values()) token.revoked = true;
  }

  /**
   * Tokens survive a reset on purpose: a warm Lambda under `serverless offline` keeps its cached
   * token between tests, and a reset must not turn that into a surprise 401 and a second token request.
   */
  clearRevocations(): void {
    for (const token of this.tokens.values()) token.revoked = false;
  }
}
