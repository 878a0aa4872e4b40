import { DEADLINE_RESERVE_MS } from '../../lib/aws/deadline';
import { FINISH_MARGIN_MS, runDeadlines } from '../../lib/scheduled/deadline';

describe('runDeadlines', () => {
  it('stops starting calls 6.25 s before the deadline with the default 5 s Genesys timeout', () => {
    // Act
    const deadlines = runDeadlines(900_000, 5_000);

    // Assess
    expect(deadlines).toEqual({ callsEndBy: 899_000, lastStartAt: 893_750 });
  });

  it('gives a call started at the last moment one whole attempt, and keeps the finish margin after it', () => {
    // Prepare
    const timeoutMs = 2_000;

    // Act
    const { callsEndBy, lastStartAt } = runDeadlines(60_000, timeoutMs);

    // Assess: attemptTimeout() grants min(timeout, callsEndBy - now - DEADLINE_RESERVE_MS).
    expect(callsEndBy - lastStartAt - DEADLINE_RESERVE_MS).toBe(timeoutMs);
    expect(60_000 - callsEndBy).toBe(FINISH_MARGIN_MS);
  });
});
