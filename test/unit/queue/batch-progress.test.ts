import type { BatchRecord, ItemStatus } from '../../../lib/queue/batch-item';
import { progressOf } from '../../../lib/queue/batch-progress';

const batch: BatchRecord = { batchId: 'b', owner: 'o', total: 5, createdAt: 0, dryRun: false, expiration: 1 };
const items = (...statuses: Array<[ItemStatus, number?]>) => statuses.map(([status, settledAt]) => ({ status, ...(settledAt === undefined ? {} : { settledAt }) }));

describe('progressOf', () => {
  it('counts every status, adding up to the total, and reads the rate from the first call dialled to now while dialling', () => {
    // Act
    const progress = progressOf(batch, items(['placed', 60_000], ['placed', 120_000], ['failed'], ['mayHaveBeenPlaced', 180_000], ['queued']), 200_000);

    // Assess
    expect(progress).toMatchObject({
      status: 'dialling',
      counts: { queued: 1, placed: 2, failed: 1, mayHaveBeenPlaced: 1, deadLettered: 0, cancelled: 0, dryRun: 0 },
      startedAt: new Date(60_000).toISOString(),
      // Three dialled from 60 s to now (200 s): while dialling, the rate runs to now.
      callsPerMinute: 1.3,
    });
    expect(progress.finishedAt).toBeUndefined();
  });

  it.each([
    ['queued', items(['queued'], ['queued'], ['failed'], ['queued'], ['queued']), {}, 'dialling'],
    ['queued', items(['queued'], ['queued'], ['queued'], ['queued'], ['queued']), {}, 'queued'],
    ['done', items(['placed', 1], ['placed', 2], ['failed'], ['deadLettered', 3], ['dryRun']), {}, 'done'],
    ['cancelled', items(['placed', 1], ['queued'], ['queued'], ['cancelled', 2], ['cancelled', 3]), { cancelledAt: 5 }, 'cancelled'],
  ])('says %s as its items stand', (_name, list, extra, status) => {
    // Act / Assess
    expect(progressOf({ ...batch, ...extra }, list).status).toBe(status);
  });
});
