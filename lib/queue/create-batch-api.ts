import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { parseCallInput } from '../calls/call-input';
import type { PreparedCall } from '../calls/place-call';
import { callSummary, prepareCall } from '../calls/place-call';
import type { ApiGatewayEvent } from '../http/api-gateway';
import { apiRequestId, callerIdentity, jsonResult, readIdempotencyKey, readJsonBody } from '../http/api-gateway';
import { scopedKey } from '../idempotency/run-once';
import { ProblemError } from '../problems/errors';
import { logProblem } from '../problems/log-problem';
import { maskNumbersIn } from '../telemetry/masking';
import { problemResult, toProblem } from '../problems/problem';
import { logger } from '../telemetry/logger';
import { countProblem, metrics } from '../telemetry/metrics';
import type { BatchItem } from './batch-item';
import type { BatchesParts } from './batches-parts';
import { batchItemKey } from './dial-message';
import { inParallel } from './batch-store';
import type { DialMessage } from './dial-message';

/** Calls one batch may hold. */
export const MAX_BATCH_CALLS = 10_000;
/**
 * The body's limit: under Lambda's 6 MB for a synchronous invocation's payload (API Gateway's own
 * 10 MB is above it), with room for the event around it. Ten thousand calls with labels and a few
 * attributes each fit.
 */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

const FIELDS = ['calls', 'label', 'dryRun', 'at'];
// RFC 3339 with its offset, as POST /calls takes `at` (lib/calls/call-input.ts).
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** How far ahead a batch may be scheduled, as a call for later. */
const LATEST_AT_MS = 366 * 86_400_000;
/** Schedules created at once for a batch with `at`. */
const SCHEDULES_AT_ONCE = 16;

/** An item that could not be queued, as the 202 lists it. */
interface FailedItem {
  readonly index: number;
  readonly code: string;
  readonly detail: string;
  readonly field?: string;
}

/**
 * `POST /batches`: every item is checked as `POST /calls` checks a body; the valid ones become one
 * message each on the dial queue, the invalid ones are reported by index and never queued. Answers
 * `202 {batchId, total, queued, failed}`; every item is accounted for, as `queued` or in `failed`
 * (invalid, or refused by SQS after resends). With an Idempotency-Key, a retry of the request answers
 * the same batch and queues nothing again.
 */
export async function createBatchApi(event: ApiGatewayEvent, context: Context, parts: () => BatchesParts): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const logFields = () => ({ apiGatewayRequestId: apiRequestId(event), durationMs: Date.now() - startedAt });
  try {
    const { config, batches, queue, runOnce, now, scheduleMessage, suppression } = parts();
    const caller = callerIdentity(event);
    const idempotencyKey = readIdempotencyKey(event);
    const body = readBatchBody(readJsonBody(event, MAX_BATCH_BYTES), now());
    if (body.at && !scheduleMessage) {
      throw new ProblemError('schedules_unavailable', { detail: 'This deployment cannot schedule calls for later (SCHEDULE_GROUP is not set), so a batch with at cannot be accepted. Nothing was queued.' });
    }

    const create = async () => {
      const batchId = randomUUID();
      const createdAt = Date.now();
      const expiration = Math.floor(createdAt / 1000) + config.batches.recordDays * 86_400;
      const items: BatchItem[] = [];
      const failed: FailedItem[] = [];
      const messages: Array<{ index: number; body: string }> = [];
      const fail = (index: number, problem: ProblemError) => {
        const { detail, field } = problem.details;
        failed.push({ index, code: problem.code, detail, ...(field === undefined ? {} : { field }) });
        items.push({ index, status: 'failed', code: problem.code, detail, ...(field === undefined ? {} : { field }) });
      };
      const valid: Array<{ index: number; raw: unknown; call: PreparedCall }> = [];
      body.calls.forEach((raw, index) => {
        try {
          valid.push({ index, raw, call: prepareCall(parseCallInput(raw), config) });
        } catch (error) {
          fail(index, toProblem(error));
        }
      });
      // The suppression list, for every valid number at once (dry runs too, as POST /calls's dry run
      // says it; calls for later too, when accepted); the dialer checks again just before dialling,
      // for numbers listed since.
      const listed = await suppression.listedAmong(
        valid.map(({ call }) => call.numbers.to.e164),
        deadline,
      );
      for (const { index, raw, call } of valid) {
        if (listed.has(call.numbers.to.e164)) {
          fail(index, suppression.suppressedProblem(call.numbers.to.e164));
          continue;
        }
        const { to, toCountry } = callSummary(call);
        const dryRun = body.dryRun || call.input.dryRun;
        items.push({ index, status: dryRun ? 'dryRun' : body.at ? 'scheduled' : 'queued', to, ...(toCountry ? { toCountry } : {}), ...(body.at && !dryRun ? { at: body.at.getTime() } : {}) });
        if (!dryRun) {
          const message: DialMessage = { v: 1, key: scopedKey(caller, batchItemKey(batchId, index)), caller, call: raw as Record<string, unknown>, batchId, index };
          messages.push({ index, body: JSON.stringify(message) });
        }
      }
      items.sort((a, b) => a.index - b.index);
      await batches.create(
        { batchId, owner: caller, total: body.calls.length, createdAt, dryRun: body.dryRun, expiration, ...(body.label === undefined ? {} : { label: maskNumbersIn(body.label) }) },
        items,
        deadline,
      );
      const notQueued = messages.length === 0 ? [] : body.at ? await scheduleAll(messages, body.at, batchId, scheduleMessage!, deadline) : await queue.send(messages, deadline);
      for (const { index, code } of notQueued) {
        const problemCode = body.at ? 'schedules_unavailable' : 'queue_unavailable';
        const detail = body.at
          ? `EventBridge Scheduler did not take this call's schedule (${code}); it was not scheduled. Send it again in a new batch.`
          : `SQS did not take this call (${code}), also after resending it; it was not queued. Send it again in a new batch.`;
        await batches.settle(batchId, index, 'failed', { code: problemCode, detail, settledAt: Date.now() }, deadline);
        failed.push({ index, code: problemCode, detail });
      }
      failed.sort((a, b) => a.index - b.index);
      const queued = messages.length - notQueued.length;
      const answer = {
        batchId,
        total: body.calls.length,
        queued,
        ...(body.at ? { at: body.at.toISOString() } : {}),
        ...(body.dryRun || items.some((item) => item.status === 'dryRun') ? { dryRun: items.filter((item) => item.status === 'dryRun').length } : {}),
        failed,
        progress: `/batches/${batchId}`,
      };
      metrics.add('BatchesAccepted');
      metrics.add('CallsQueued', queued);
      logger.info('batch accepted', { outcome: 'batch_accepted', status: 202, batchId, total: body.calls.length, queued, failed: failed.length, ...logFields() });
      return { value: jsonResult(202, answer, { location: `/batches/${batchId}` }), remember: true };
    };

    if (!idempotencyKey) return (await create()).value;
    const { value, replayed } = await runOnce.run({ key: scopedKey(caller, `batches:${idempotencyKey}`), fingerprint: body }, create, deadline);
    if (!replayed) return value;
    metrics.add('IdempotentReplays');
    logger.info('replayed', { outcome: 'replayed', status: value.statusCode, ...logFields() });
    return { ...value, headers: { ...value.headers, 'idempotent-replayed': 'true' } };
  } catch (error) {
    const problem = toProblem(error);
    logProblem(problem, logFields());
    countProblem(problem);
    return problemResult(problem);
  }
}

interface BatchBody {
  readonly calls: readonly unknown[];
  readonly label?: string;
  readonly dryRun: boolean;
  /** When to dial the batch's calls: each gets a one-time schedule for then. */
  readonly at?: Date;
}

/**
 * A batch with `at`: one one-time schedule per call (named `<batchId>-<index>`, its client token
 * the same, so a retry makes the same one), which sends the call's message to the dial queue then.
 * Returns the calls whose schedule could not be made, as the queue's send does for its refusals.
 */
async function scheduleAll(
  messages: ReadonlyArray<{ index: number; body: string }>,
  at: Date,
  batchId: string,
  scheduleMessage: NonNullable<BatchesParts['scheduleMessage']>,
  deadline: number,
): Promise<Array<{ index: number; code: string }>> {
  const refused: Array<{ index: number; code: string }> = [];
  await inParallel(messages, SCHEDULES_AT_ONCE, async ({ index, body }) => {
    const name = `${batchId}-${index}`;
    try {
      await scheduleMessage({ name, at, message: body, clientToken: name }, deadline);
    } catch (error) {
      refused.push({ index, code: error instanceof Error ? error.name : 'unknown' });
    }
  });
  return refused;
}

/** The batch's own fields; its items are checked one by one later. `400 invalid_request` naming the field. */
function readBatchBody(value: unknown, now: number): BatchBody {
  const body = value as Record<string, unknown>;
  const unknown = Object.keys(body).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) throw invalid(`${unknown[0]} is not a field of a batch; it holds calls, label and dryRun.`, unknown[0]);
  if (!Array.isArray(body.calls) || body.calls.length === 0) throw invalid('calls must be a non-empty array of calls, each as POST /calls takes it, e.g. {"calls": [{"to": "+1 202 555 0143"}]}.', 'calls');
  if (body.calls.length > MAX_BATCH_CALLS) throw invalid(`A batch holds at most ${MAX_BATCH_CALLS} calls; this one has ${body.calls.length}. Split it.`, 'calls');
  if (body.label !== undefined && (typeof body.label !== 'string' || body.label === '' || [...body.label].length > 200)) throw invalid('label must be a string of 1 to 200 characters.', 'label');
  if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw invalid('dryRun must be true or false.', 'dryRun');
  return { calls: body.calls, ...(body.label === undefined ? {} : { label: body.label as string }), dryRun: body.dryRun === true, ...(body.at === undefined ? {} : { at: readAt(body.at, now) }) };
}

/** A batch's `at`: RFC 3339 with its offset, in the future, at most a year ahead. */
function readAt(value: unknown, now: number): Date {
  const instant = typeof value === 'string' && RFC_3339.test(value) ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(instant)) throw invalid('at must be an RFC 3339 date and time with its offset, such as "2027-01-05T10:00:00+01:00".', 'at');
  if (instant <= now) throw invalid(`at (${value as string}) is not in the future; leave it out to dial the batch now.`, 'at');
  if (instant - now > LATEST_AT_MS) throw invalid(`at (${value as string}) is more than a year ahead.`, 'at');
  return new Date(instant);
}

function invalid(detail: string, field: string): ProblemError {
  return new ProblemError('invalid_request', { detail, field });
}
