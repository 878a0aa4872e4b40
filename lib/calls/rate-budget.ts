/**
 * Spaces the starts of calls evenly, `60 000 / requestsPerMinute` ms apart, however many workers ask:
 * the one token of a container is shared by all of them, and Genesys limits requests per token per
 * minute (300 by default, facts.md §5). Even spacing rather than a bucket that allows bursts (but
 * for an optional credit of about a second, `creditMs`): it stays under the limit whatever window
 * Genesys counts in (fixed or sliding), so no call has to spend its time waiting out a 429. The headroom between the setting (default 240) and 300 is for
 * the requests a call may add: the token request, a refresh after a 401, a retry after a 429.
 */
export class RateBudget {
  readonly intervalMs: number;
  #nextAt = Number.NEGATIVE_INFINITY;

  /**
   * `creditMs`: turns nobody took in the last `creditMs` may still be taken, at once (0: none). A
   * budget shared by bursts of work with gaps between them (a dialer's invocations, between which the
   * event source mapping polls) would otherwise lose the gaps' turns for good. Over any window of W
   * ms it books at most W / interval + creditMs / interval + 1 starts.
   */
  constructor(
    requestsPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly creditMs = 0,
  ) {
    this.intervalMs = 60_000 / requestsPerMinute;
  }

  /**
   * Books the earliest free start time (now, or one interval after the last booking) and returns it.
   * When that time is later than `notAfter`, books nothing and returns `undefined`: the caller would
   * start too late, and a slot it does not use must not delay the others.
   */
  reserve(notAfter = Number.POSITIVE_INFINITY): number | undefined {
    const now = this.now();
    // The booking clock: behind now by at most the credit (unused turns kept), never more; a new
    // budget starts with none.
    const clock = this.#nextAt === Number.NEGATIVE_INFINITY ? now : Math.max(this.#nextAt, now - this.creditMs);
    const at = Math.max(now, clock);
    if (at > notAfter) return undefined;
    this.#nextAt = clock + this.intervalMs;
    return at;
  }
}
