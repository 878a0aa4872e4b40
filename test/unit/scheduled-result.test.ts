import type { ItemResult } from '../../lib/scheduled/result';
import { scheduleResult, summarize } from '../../lib/scheduled/result';

describe('summarize', () => {
  it('counts every item once, by status, so that the counts add up to the total', () => {
    // Prepare
    const items: ItemResult[] = [
      { index: 0, status: 'placed', conversationId: 'c0', to: '+*******0100' },
      { index: 1, status: 'failed', code: 'invalid_phone_number', httpStatus: 422, detail: 'to is too short.', field: 'to' },
      { index: 2, status: 'not_attempted', reason: 'deadline', detail: 'd', to: '+*******0101' },
      { index: 3, status: 'dry_run', to: '+*******0102', request: {} },
      { index: 4, status: 'placed', conversationId: 'c4', to: '+*******0103' },
    ];

    // Act
    const summary = summarize(items);

    // Assess
    expect(summary).toEqual({ total: 5, placed: 2, failed: 1, notAttempted: 1, dryRun: 1 });
    expect(summary.placed + summary.failed + summary.notAttempted + summary.dryRun).toBe(summary.total);
  });

  it('answers zeros for an empty list', () => {
    // Act / Assess
    expect(summarize([])).toEqual({ total: 0, placed: 0, failed: 0, notAttempted: 0, dryRun: 0 });
  });
});

describe('scheduleResult', () => {
  it('lists the conversation id of every placed item, replayed ones included, in list order, and nothing of the other items', () => {
    // Prepare
    const items: ItemResult[] = [
      { index: 0, status: 'placed', conversationId: 'c0', to: '+*******0100' },
      { index: 1, status: 'failed', code: 'genesys_timeout', httpStatus: 504, detail: 'd', mayHaveBeenPlaced: true, to: '+*******0101' },
      { index: 2, status: 'placed', conversationId: 'c2', to: '+*******0102', replayed: true },
      { index: 3, status: 'dry_run', to: '+*******0103', request: {} },
      { index: 4, status: 'not_attempted', reason: 'deadline', detail: 'd', to: '+*******0104' },
      { index: 5, status: 'placed', conversationId: 'c5', to: '+*******0105' },
    ];

    // Act
    const result = scheduleResult(items);

    // Assess
    expect(result.conversationIds).toEqual(['c0', 'c2', 'c5']);
    expect(result.conversationIds).toHaveLength(result.summary.placed);
    expect(result.items).toBe(items);
  });

  it('answers an empty list when nothing was placed', () => {
    // Act / Assess
    expect(scheduleResult([{ index: 0, status: 'dry_run', to: '+*******0100', request: {} }]).conversationIds).toEqual([]);
  });
});
