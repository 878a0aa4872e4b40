import type { BatchRecord, StoredStatus } from '../../../lib/queue/batch-item';
import { progressOf } from '../../../lib/queue/batch-progress';

const batch: BatchRecord = { batchId: 'b', owner: 'o', total: 5, createdAt: 0, dryRun: false, expiration: 1 };
const items = (...statuses: Array<[StoredStatus, number?]>) => statuses.map(([status, settledAt], index) => ({ index, status, ...(settledAt === undefined ? {} : { settledAt }) }));

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

describe('progressOf an item tried on its last receive', () => {
  it('counts it queued until the end of the invocation trying it, then deadLettered (the function died: SQS moves it to the DLQ)', () => {
    // Prepare: item 1 was marked by an invocation ending at 100, and not settled.
    const list = [...items(['placed', 10]), { index: 1, status: 'queued' as const, deadLetterAt: 100 }];
    const batchOfTwo = { ...batch, total: 2 };

    // Act
    const during = progressOf(batchOfTwo, list, 99);
    const after = progressOf(batchOfTwo, list, 100);

    // Assess
    expect(during).toMatchObject({ status: 'dialling', counts: { queued: 1, deadLettered: 0 } });
    expect(after).toMatchObject({ status: 'done', counts: { queued: 0, deadLettered: 1 } });
  });
});

describe('progressOf a batch being accepted (its record accepting)', () => {
  const accepting: BatchRecord = { ...batch, state: 'accepting' };

  it('says notQueued of each queued item not confirmed sent, and of items not written yet: counts still add up to the total', () => {
    // Prepare: 5 items; 4 written (0 placed, 1 and 2 queued, 3 failed), only item 1 confirmed sent.
    const written = items(['placed', 10], ['queued'], ['queued'], ['failed']);

    // Act
    const progress = progressOf(accepting, written, 20, new Set([0, 1]));

    // Assess
    expect(progress).toMatchObject({ status: 'incomplete', counts: { placed: 1, queued: 1, notQueued: 2, failed: 1 } });
    expect(Object.values(progress.counts).reduce((a, b) => a + b, 0)).toBe(5);
    expect(progress.finishedAt).toBeUndefined();
  });

  it('says queued of every queued item once the batch is accepted, with or without confirmations', () => {
    // Act
    const progress = progressOf(batch, items(['queued'], ['queued'], ['queued'], ['queued'], ['queued']), 20, new Set());

    // Assess
    expect(progress).toMatchObject({ status: 'queued', counts: { queued: 5, notQueued: 0 } });
  });
});
