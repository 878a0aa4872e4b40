import { RateBudget } from '../../../lib/calls/rate-budget';

describe('RateBudget', () => {
  describe('reserve', () => {
    it('books the first start now and each next one 60 000 / requestsPerMinute ms after the last', () => {
      // Prepare
      const now = 1_000;
      const budget = new RateBudget(240, () => now);

      // Act
      const starts = Array.from({ length: 5 }, () => budget.reserve());

      // Assess
      expect(starts).toEqual([1_000, 1_250, 1_500, 1_750, 2_000]);
    });

    it('never books more than requestsPerMinute starts in any minute, however many callers ask at once', () => {
      // Prepare
      const budget = new RateBudget(300, () => 0);

      // Act
      const starts = Array.from({ length: 1_000 }, () => budget.reserve()!);

      // Assess
      const mostInAMinute = Math.max(...starts.map((start) => starts.filter((other) => other >= start && other < start + 60_000).length));
      expect(mostInAMinute).toBe(300);
    });

    it('does not let an idle period build up a burst: after a pause the next start is now', () => {
      // Prepare
      let now = 0;
      const budget = new RateBudget(600, () => now);
      budget.reserve();
      budget.reserve();

      // Act
      now = 10_000;
      const afterPause = [budget.reserve(), budget.reserve()];

      // Assess
      expect(afterPause).toEqual([10_000, 10_100]);
    });

    it('books nothing and answers undefined when the next start would be after notAfter', () => {
      // Prepare
      const budget = new RateBudget(60, () => 0);
      budget.reserve(); // 0; the next free start is 1 000

      // Act
      const tooLate = budget.reserve(999);
      const inTime = budget.reserve(1_000);

      // Assess
      expect([tooLate, inTime]).toEqual([undefined, 1_000]);
    });

    it('spaces fractional intervals exactly (7 a minute: every 8 571.43 ms)', () => {
      // Prepare
      const budget = new RateBudget(7, () => 0);

      // Act
      const starts = Array.from({ length: 8 }, () => budget.reserve()!);

      // Assess
      expect(starts[7]).toBeCloseTo(60_000, 6);
    });
  });
});
