import { DialPace } from '../../../lib/queue/pace';

describe('DialPace', () => {
  describe('reserve', () => {
    it("spaces one container's starts at its share of the stack's budget", () => {
      // Prepare: 240 a minute over 2 dialers is 120 a minute each, one every 500 ms.
      const pace = new DialPace(240, 2, () => 1000);

      // Act
      const starts = [pace.reserve(10_000), pace.reserve(10_000), pace.reserve(10_000)];

      // Assess
      expect(starts).toEqual([1000, 1500, 2000]);
    });

    it('takes at once the turns left unused in the last second, and no more (between invocations the mapping polls)', () => {
      // Prepare: one start every 500 ms; then nobody asks for 4 s.
      let now = 1000;
      const pace = new DialPace(240, 2, () => now);
      const first = pace.reserve(10_000);
      now = 5000;

      // Act
      const after = [pace.reserve(10_000), pace.reserve(10_000), pace.reserve(10_000), pace.reserve(10_000)];

      // Assess: the second's two unused turns and the current one at once, then spaced again.
      expect([first, ...after]).toEqual([1000, 5000, 5000, 5000, 5500]);
    });

    it('starts nothing before a pause after a 429 ends, and nothing at all when the pause outlasts the time given', () => {
      // Prepare
      const pace = new DialPace(6000, 5, () => 0);
      pace.pauseUntil(3000);

      // Act
      const tooLate = pace.reserve(2000);
      const afterPause = pace.reserve(10_000);

      // Assess
      expect({ tooLate, afterPause }).toEqual({ tooLate: undefined, afterPause: 3000 });
    });

    it('keeps the later of two pauses', () => {
      // Prepare
      const pace = new DialPace(60, 2, () => 0);

      // Act
      pace.pauseUntil(5000);
      pace.pauseUntil(2000);

      // Assess
      expect(pace.pausedUntil).toBe(5000);
    });
  });
});
