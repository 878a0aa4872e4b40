import { GenesysTimeoutError } from './errors';
import { SingleFlight } from '../aws/single-flight';

/** A bearer token and how long Genesys said it lives. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

// Refresh a little before Genesys's expiry so a token never dies between our check and its use:
// 5 minutes for the usual 24-hour token, a tenth of the lifetime for short-lived ones.
const MAX_MARGIN_MS = 5 * 60_000;
const MARGIN_FRACTION = 0.1;

/**
 * One token per container. However many concurrent calls ask, at most one token request is in
 * flight (see SingleFlight: it is bounded by the deadline of the invocation that started it, and
 * each caller waits at most until its own); the token is reused until shortly before it expires.
 */
export class TokenCache {
  #current: { token: string; refreshAt: number } | undefined;
  readonly #refreshing: SingleFlight<string>;

  constructor(
    private readonly fetchToken: (deadline: number) => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {
    this.#refreshing = new SingleFlight(now);
  }

  /** `deadline` (epoch ms, the invocation's) bounds a token request this call starts, and this call's wait. */
  get(deadline: number): Promise<string> {
    if (this.#current && this.now() < this.#current.refreshAt) return Promise.resolve(this.#current.token);
    const startedWaiting = this.now();
    return this.#refreshing.run(
      deadline,
      (bound) => this.refresh(bound),
      () => new GenesysTimeoutError('token', this.now() - startedWaiting),
    );
  }

  /**
   * Drops `token` after Genesys refused it (401). A token already replaced by a concurrent caller's
   * refresh is left alone, so one stale answer cannot throw away a fresh token.
   */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  private async refresh(deadline: number): Promise<string> {
    const startedAt = this.now();
    const issued = await this.fetchToken(deadline);
    const lifetimeMs = issued.expiresInSeconds * 1000;
    const margin = Math.min(MAX_MARGIN_MS, lifetimeMs * MARGIN_FRACTION);
    this.#current = { token: issued.accessToken, refreshAt: startedAt + lifetimeMs - margin };
    return issued.accessToken;
  }
}
