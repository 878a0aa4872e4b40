import type { AttemptCap } from '../../../lib/config';
import { attemptVerdict, attemptsToKeep } from '../../../lib/suppression/attempt-window';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FLORIDA: AttemptCap = { attempts: 3, windowMs: DAY, text: '3/24h' };
const FRANCE: AttemptCap = { attempts: 4, windowMs: 30 * DAY, text: '4/30d' };
const NOW = Date.UTC(2026, 5, 1, 12);

describe('attemptVerdict', () => {
  it('allows an attempt while fewer than the cap fall inside the window', () => {
    // Prepare
    const attempts = [NOW - 2 * HOUR, NOW - HOUR];

    // Act
    const verdict = attemptVerdict(attempts, [FLORIDA], NOW);

    // Assess
    expect(verdict).toEqual({ allowed: true });
  });

  it('refuses the fourth attempt in 24 hours and allows it exactly 24 hours after the first of the three', () => {
    // Prepare
    const first = NOW - 20 * HOUR;
    const attempts = [NOW - HOUR, first, NOW - 5 * HOUR];

    // Act
    const now = attemptVerdict(attempts, [FLORIDA], NOW);
    const justBefore = attemptVerdict(attempts, [FLORIDA], first + DAY - 1);
    const atTheTime = attemptVerdict(attempts, [FLORIDA], first + DAY);

    // Assess
    expect(now).toEqual({ allowed: false, cap: FLORIDA, count: 3, nextAllowedAt: first + DAY });
    expect(justBefore.allowed).toBe(false);
    expect(atTheTime).toEqual({ allowed: true });
  });

  it('does not count attempts older than the window', () => {
    // Prepare
    const attempts = [NOW - DAY, NOW - DAY - 1, NOW - 2 * DAY, NOW - HOUR];

    // Act
    const verdict = attemptVerdict(attempts, [FLORIDA], NOW);

    // Assess
    expect(verdict).toEqual({ allowed: true });
  });

  it('names the cap that keeps the number waiting longest when several are reached', () => {
    // Prepare: four attempts in 30 days, the last three within a day.
    const attempts = [NOW - 10 * DAY, NOW - 3 * HOUR, NOW - 2 * HOUR, NOW - HOUR];

    // Act
    const verdict = attemptVerdict(attempts, [FLORIDA, FRANCE], NOW);

    // Assess: 3/24h frees up in 21 hours, 4/30d only in 20 days.
    expect(verdict).toEqual({ allowed: false, cap: FRANCE, count: 4, nextAllowedAt: NOW - 10 * DAY + 30 * DAY });
  });

  it('waits for enough attempts to leave when more than the cap are inside the window (a cap lowered since)', () => {
    // Prepare: five attempts inside the day, a cap of three.
    const attempts = [1, 2, 3, 4, 5].map((hours) => NOW - hours * HOUR);

    // Act
    const verdict = attemptVerdict(attempts, [FLORIDA], NOW);

    // Assess: one more fits once three have left, i.e. the third oldest (3 h ago) is out.
    expect(verdict).toEqual({ allowed: false, cap: FLORIDA, count: 5, nextAllowedAt: NOW - 3 * HOUR + DAY });
  });

  it('allows everything without caps', () => {
    // Act / Assess
    expect(attemptVerdict([NOW, NOW, NOW], [], NOW)).toEqual({ allowed: true });
  });
});

describe('attemptsToKeep', () => {
  it('keeps the attempts inside the longest window and forgets older ones', () => {
    // Prepare
    const attempts = [NOW - 31 * DAY, NOW - 30 * DAY, NOW - 29 * DAY, NOW - HOUR];

    // Act
    const kept = attemptsToKeep(attempts, [FLORIDA, FRANCE], NOW);

    // Assess
    expect(kept).toEqual([NOW - 29 * DAY, NOW - HOUR]);
  });
});
