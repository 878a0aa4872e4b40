import { DEADLINE_RESERVE_MS, settleBy } from './deadline';

/**
 * One piece of work shared by every caller that asks while it runs: one token request, one secret
 * read per container. The work is bounded by the deadline of the caller that started it, and no
 * caller joins it after that deadline: a frozen and thawed Lambda container, or work whose bound
 * failed, can never make a later invocation wait on it. Each caller waits at most until its own
 * deadline (minus the reserve), whoever started the work.
 */
export class SingleFlight<T> {
  #flight: { readonly work: Promise<T>; readonly endBy: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Joins the work in flight, or starts it with `start(deadline)`. `onLate` is the error of a
   * caller whose deadline comes before the work ends.
   */
  run(deadline: number, start: (deadline: number) => Promise<T>, onLate: () => Error): Promise<T> {
    // Its starter stops waiting at `endBy`, and its answer may already be out: from then on the
    // work belongs to no invocation, and the next one starts its own.
    if (this.#flight === undefined || this.now() >= this.#flight.endBy) {
      const flight = { work: start(deadline), endBy: deadline - DEADLINE_RESERVE_MS };
      this.#flight = flight;
      // Settled work, failed or not, is not kept: the value is the caller's to cache.
      const forget = () => {
        if (this.#flight === flight) this.#flight = undefined;
      };
      flight.work.then(forget, forget);
    }
    return settleBy(this.#flight.work, deadline - DEADLINE_RESERVE_MS, onLate);
  }

  /** The next `run` starts fresh work, whatever is in flight. */
  forget(): void {
    this.#flight = undefined;
  }
}
