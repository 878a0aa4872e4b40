import type { ItemResult } from '../../lib/scheduled/result';
import { summarize } from '../../lib/scheduled/result';

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
