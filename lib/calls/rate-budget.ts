/**
 * Spaces the starts of calls evenly, `60 000 / requestsPerMinute` ms apart, however many workers ask:
 * the one token of a container is shared by all of them, and Genesys limits requests per token per
 * minute (300 by default, facts.md §5). Even spacing rather than a bucket that allows bursts: it
 * stays under the limit whatever window Genesys counts in (fixed or sliding), so no call has to
 * spend its time waiting out a 429. The headroom between the setting (default 240) and 300 is for
 * the requests a call may add: the token request, a refresh after a 401, a retry after a 429.
 */
export class RateBudget {
  readonly intervalMs: number;
  #nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    requestsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = 60_000 / requestsPerMinute;
  }

  /**
   * Books the earliest free start time (now, or one interval after the last booking) and returns it.
   * When that time is later than `notAfter`, books nothing and returns `undefined`: the caller would
   * start too late, and a slot it does not use must not delay the others.
   */
  reserve(notAfter = Number.POSITIVE_INFINITY): number | undefined {
    const at = Math.max(this.now(), this.#nextAt);
    if (at > notAfter) return undefined;
    this.#nextAt = at + this.intervalMs;
    return at;
  }
}
