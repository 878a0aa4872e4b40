import type { AttemptCap } from '../config';

/** Whether one more attempt is allowed now, and if not, which cap refuses it and until when. */
export type AttemptVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** The cap that holds the attempt back longest. */
      readonly cap: AttemptCap;
      /** Attempts inside that cap's window now. */
      readonly count: number;
      /** Epoch ms from which one more attempt keeps every cap (if no other attempt is made meanwhile). */
      readonly nextAllowedAt: number;
    };

/**
 * Sliding windows: an attempt at `t` counts against a cap until `t + windowMs`, so a cap of 3/24h
 * allows a fourth attempt exactly 24 hours after the first of the three. Every cap must hold; the
 * answer names the one that keeps the number waiting longest.
 */
export function attemptVerdict(attempts: readonly number[], caps: readonly AttemptCap[], now: number): AttemptVerdict {
  let refusal: AttemptVerdict | undefined;
  for (const cap of caps) {
    const inWindow = attempts.filter((at) => at > now - cap.windowMs).sort((a, b) => a - b);
    if (inWindow.length < cap.attempts) continue;
    // One more fits once all but `attempts - 1` of them have left the window.
    const nextAllowedAt = inWindow[inWindow.length - cap.attempts] + cap.windowMs;
    if (refusal === undefined || (!refusal.allowed && nextAllowedAt > refusal.nextAllowedAt)) {
      refusal = { allowed: false, cap, count: inWindow.length, nextAllowedAt };
    }
  }
  return refusal ?? { allowed: true };
}

/** The attempts that still count against some cap at `now`: those older than the longest window are forgotten. */
export function attemptsToKeep(attempts: readonly number[], caps: readonly AttemptCap[], now: number): number[] {
  const longest = longestWindowMs(caps);
  return attempts.filter((at) => at > now - longest);
}

export function longestWindowMs(caps: readonly AttemptCap[]): number {
  return Math.max(0, ...caps.map((cap) => cap.windowMs));
}
