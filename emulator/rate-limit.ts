import type { TokenKind } from './tokens';

/**
 * The `platform.api` limit that caps a token's requests a minute (facts §5: 300 by default for a
 * client-credentials token, `client.credentials.token.rate.per.minute`, raisable by Genesys
 * support; doctor-outcomes §C [LIMQ] names both keys). The emulator enforces the value its seed
 * holds, the same value the doctor reads from GET /api/v2/organizations/limits/namespaces/platform.api.
 */
export const RATE_LIMIT_KEY: Record<TokenKind, string> = {
  client: 'client.credentials.token.rate.per.minute',
  user: 'token.rate.per.minute',
};

/** A request the limit refused: how long until the token may send again. */
export interface Refused {
  readonly retryAfterSeconds: number;
}

/**
 * Requests per token per minute. Emulator choice (unverified): a fixed one-minute window that opens
 * at the token's first request and closes 60 s later; a request beyond the limit in a window is
 * refused (not counted) with Retry-After = the whole seconds until the window closes. Genesys does
 * not document how it counts (fixed or sliding window): a client that stays under the limit
 * whatever the window, and waits out Retry-After when it does not, is right for both.
 */
export class TokenRateLimit {
  static readonly WINDOW_MS = 60_000;
  readonly #windows = new Map<string, { openedAt: number; count: number }>();

  /** Counts one request of `accessToken`; `Refused` when it is over `perMinute` in the current window. */
  admit(accessToken: string, perMinute: number | undefined, now = Date.now()): Refused | undefined {
    if (perMinute === undefined) return undefined;
    let window = this.#windows.get(accessToken);
    if (window === undefined || now - window.openedAt >= TokenRateLimit.WINDOW_MS) {
      window = { openedAt: now, count: 0 };
      this.#windows.set(accessToken, window);
    }
    if (window.count >= perMinute) {
      return { retryAfterSeconds: Math.max(1, Math.ceil((window.openedAt + TokenRateLimit.WINDOW_MS - now) / 1000)) };
    }
    window.count += 1;
    return undefined;
  }

  /** Every token starts a fresh window (a reset starts a new test). */
  clear(): void {
    this.#windows.clear();
  }
}
