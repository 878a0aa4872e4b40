/**
 * Thrown on purpose so that Lambda retries the invocation (and, once its retries are spent, sends
 * the event to the function's failure queue): the list was not wholly queued because something of
 * the stack's failed (a setting, the batches table, the dial queue, the suppression list, the time
 * left). A retry resumes the same batch (its id comes from the event, or from the request id Lambda
 * keeps across its retries), so no call is queued twice. The message holds counts and codes only:
 * never a number, because Lambda sends it to the failure queue and CloudWatch as it is.
 */
export class ScheduleNotQueuedError extends Error {
  override readonly name = 'ScheduleNotQueuedError';

  constructor(
    readonly batchId: string,
    /** The problem code of what stopped it. */
    readonly code: string,
    counts?: { total: number; queued: number; notQueued: number },
    cause?: unknown,
  ) {
    const state = counts ? `${counts.queued} of its ${counts.total} calls are queued, ${counts.notQueued} are not known to be` : 'no call was queued by this try';
    super(`Schedule batch ${batchId} was not wholly queued (${code}): ${state}. Failing so that Lambda retries: the retry completes the same batch and queues no call twice.`, { cause });
  }
}
