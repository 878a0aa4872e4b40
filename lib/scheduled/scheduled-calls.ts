import type { Context } from 'aws-lambda';
import { SCHEDULE_PRINCIPAL } from '../access/read-access';
import { scopedKey } from '../idempotency/run-once';
import { ProblemError } from '../problems/errors';
import { toProblem } from '../problems/problem';
import { logger } from '../telemetry/logger';
import { countProblem, metrics } from '../telemetry/metrics';
import { acceptBatch, BatchIncomplete } from '../queue/accept-batch';
import type { BatchesParts } from '../queue/batches-parts';
import { MAX_BATCH_CALLS, prepareItems, readCalls } from '../queue/create-batch-api';
import type { ReadCalls } from '../queue/create-batch-api';
import { batchItemKey } from '../queue/dial-message';
import { ScheduleNotQueuedError } from './errors';
import { DUPLICATE_DELIVERY_RISK, readItemKeys, scheduleBatchId } from './item-key';
import type { ScheduledCallsResult } from './result';
import type { ScheduleRequest } from './schedule-event';
import { readScheduleEvent } from './schedule-event';

/**
 * A schedule's list of calls → a batch on the dial queue, accepted as `POST /batches` accepts one
 * (lib/queue/accept-batch.ts): every item checked with the rules and problem codes of `POST /calls`,
 * the valid numbers against the suppression list, dry-run items described and not queued, one
 * message per call to dial. The dialer then places each at most once, at the stack's pace, within
 * calling hours. Returns at once with the batch's id and where to follow it.
 *
 * The batch belongs to the stack (`SCHEDULE_PRINCIPAL`), and its id comes from the event: a
 * duplicate delivery finds the batch there and adds nothing. An event that holds no list is
 * answered with its problem, not thrown: the same event would be refused again. Anything else that
 * stops the list part way (a setting, the batches table, the dial queue) throws, so that Lambda
 * retries and, failing that, keeps the event in the failure queue: the retry resumes the same batch.
 */
export async function runScheduledCalls(event: unknown, context: Context, parts: () => BatchesParts): Promise<ScheduledCallsResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  let request: ScheduleRequest;
  try {
    request = readScheduleEvent(event);
    if (request.calls.length > MAX_BATCH_CALLS) {
      throw new ProblemError('invalid_request', { detail: `A schedule's list becomes one batch, which holds at most ${MAX_BATCH_CALLS} calls; this one has ${request.calls.length}. Split it.`, field: 'calls' });
    }
  } catch (error) {
    const problem = toProblem(error);
    countProblem(problem);
    logger.error(`scheduled calls: the event was refused. ${problem.details.detail}`, { outcome: 'schedule_refused', code: problem.code, durationMs: Date.now() - startedAt });
    return { total: 0, queued: 0, dryRun: 0, failed: [], problem: { code: problem.code, detail: problem.details.detail } };
  }
  const { source } = request;
  if (request.calls.length === 0) {
    logger.info('scheduled calls: the list is empty; no batch', { outcome: 'schedule_empty', source });
    return { total: 0, queued: 0, dryRun: 0, failed: [] };
  }

  const { batchId, fromEvent } = scheduleBatchId(source, context.awsRequestId);
  try {
    const { config, batches, queue, suppression } = parts();
    queue.check();
    const { calls, keys, malformed } = readItemKeys(request.calls);
    if (!fromEvent && keys.size < calls.length) logger.warn(DUPLICATE_DELIVERY_RISK, { outcome: 'duplicate_delivery_risk', batchId, items: calls.length - keys.size });
    const read = withMalformedKeys(readCalls(calls, config), malformed);
    // The suppression list for every valid number at once, as for POST /batches; the dialer checks
    // again just before dialling, for numbers listed since.
    const listed = await suppression.listedAmong(
      read.valid.map(({ call }) => call.numbers.to.e164),
      deadline,
    );
    const { items, outgoing } = prepareItems(
      { dryRun: false },
      read,
      (index) => {
        const own = keys.get(index);
        return { v: 1, key: scopedKey(SCHEDULE_PRINCIPAL, own === undefined ? batchItemKey(batchId, index) : `item:${own}`), caller: SCHEDULE_PRINCIPAL, batchId, index };
      },
      (e164) => (listed.has(e164) ? suppression.suppressedProblem(e164) : undefined),
    );
    const createdAt = Date.now();
    const record = { batchId, owner: SCHEDULE_PRINCIPAL, total: calls.length, createdAt, dryRun: false, expiration: Math.floor(createdAt / 1000) + config.batches.recordDays * 86_400 };
    const accepted = await acceptBatch({ record, items, outgoing }, batches, queue.sender, deadline);
    const result: ScheduledCallsResult = {
      batchId,
      total: accepted.total,
      queued: accepted.queued,
      dryRun: accepted.dryRun,
      failed: accepted.failed,
      progress: `/batches/${batchId}`,
      ...(accepted.earlier ? { replayed: true as const } : {}),
    };
    if (!accepted.earlier) {
      metrics.add('BatchesAccepted');
      metrics.add('CallsQueued', accepted.queued);
    }
    const fields = { outcome: 'schedule_queued', batchId, total: result.total, queued: result.queued, dryRun: result.dryRun, failed: result.failed.length, ...(accepted.earlier ? { replayed: true } : {}), source, durationMs: Date.now() - startedAt };
    if (result.failed.length > 0) logger.warn('scheduled calls queued as a batch; some items were refused', fields);
    else logger.info('scheduled calls queued as a batch', fields);
    return result;
  } catch (error) {
    const stopped =
      error instanceof BatchIncomplete
        ? new ScheduleNotQueuedError(batchId, error.code, error, error)
        : new ScheduleNotQueuedError(batchId, toProblem(error).code, undefined, error);
    logger.error(stopped.message, { outcome: 'schedule_not_queued', batchId, code: stopped.code, source, durationMs: Date.now() - startedAt });
    throw stopped;
  }
}

/** The items whose key is malformed fail with that problem, unless the call itself already failed. */
function withMalformedKeys(read: ReadCalls, malformed: ReturnType<typeof readItemKeys>['malformed']): ReadCalls {
  if (malformed.length === 0) return read;
  const failed = new Set(read.invalid.map(({ index }) => index));
  const refused = malformed.filter(({ index }) => !failed.has(index));
  const refusedAt = new Set(refused.map(({ index }) => index));
  return { valid: read.valid.filter(({ index }) => !refusedAt.has(index)), invalid: [...read.invalid, ...refused] };
}
