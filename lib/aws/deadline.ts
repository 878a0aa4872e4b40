/**
 * Time kept back from the invocation's deadline for everything after the last answer of Genesys or
 * Secrets Manager (the idempotency outcome write, mapping, logging, returning), so the function
 * answers instead of being cut off. Here rather than in lib/genesys because the secret reads
 * (secret-reader.ts: the OAuth client and the stack's hash key) are bounded the same way.
 */
export const DEADLINE_RESERVE_MS = 250;

/**
 * How long one read (a request's headers and its whole body) may take: the configured timeout, or
 * less if the invocation's deadline, minus the reserve, comes first. At least 1 ms, so that a
 * request made too late fails at once as a timeout instead of being sent without a bound.
 */
export function attemptTimeout(timeoutMs: number, deadline: number, now = Date.now()): number {
  return Math.max(1, Math.min(timeoutMs, deadline - now - DEADLINE_RESERVE_MS));
}

/**
 * `work`, or `onLate()` thrown once `endBy` (epoch ms) has passed, whichever comes first. For a
 * caller that waits on work it shares with others (a single-flight token or secret read): the work
 * keeps its own bound, and this caller's wait keeps the caller's.
 */
export function settleBy<T>(work: Promise<T>, endBy: number, onLate: () => Error): Promise<T> {
  // No deadline (a caller outside Lambda, a test): nothing to bound. Beyond setTimeout's range
  // node would fire at once, so such a wait is not bounded either: it is ~25 days away.
  if (!(endBy - Date.now() < MAX_TIMER_MS)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onLate()), Math.max(0, endBy - Date.now()));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const MAX_TIMER_MS = 2 ** 31 - 1;
