import { RateBudget } from '../calls/rate-budget';

/**
 * The pace of one dialer container: its share of the stack's budget (dialRequestsPerMinute ÷
 * dialConcurrency, since at most dialConcurrency containers dial at once), spaced evenly
 * (rate-budget.ts), and a pause after a Genesys 429 until its Retry-After has passed. Kept by the
 * container across invocations, like its token: the next batch starts where the last one left off.
 */
/**
 * Turns a container left unused within the last second may still be taken: between two invocations
 * the event source mapping polls, and with strict spacing those turns were lost for good (the queue
 * bench dialled at 83 % of the budget, on an idle machine too). A second's worth is at most 1/60 more
 * in any minute: within the headroom between dialRequestsPerMinute (240) and Genesys's 300 per token.
 */
export const PACE_CREDIT_MS = 1000;

export class DialPace {
  readonly #budget: RateBudget;
  #pausedUntil = 0;

  constructor(
    requestsPerMinute: number,
    concurrency: number,
    now: () => number = Date.now,
  ) {
    this.#budget = new RateBudget(requestsPerMinute / concurrency, now, PACE_CREDIT_MS);
  }

  /** Epoch ms until which no call may start (0 or past: none). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** After a 429: no call starts before `until`. A later pause wins. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /**
   * Books the next start time no later than `notAfter`, and after any pause; `undefined` when there
   * is none (the call must wait for another invocation).
   */
  reserve(notAfter: number): number | undefined {
    if (this.#pausedUntil > notAfter) return undefined;
    const at = this.#budget.reserve(notAfter);
    if (at === undefined) return undefined;
    return Math.max(at, this.#pausedUntil);
  }
}
