import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { parseCallInput } from '../calls/call-input';
import type { PreparedCall } from '../calls/place-call';
import { callSummary, prepareCall } from '../calls/place-call';
import type { Config } from '../config';
import type { ApiGatewayEvent } from '../http/api-gateway';
import { apiRequestId, callerIdentity, jsonResult, readIdempotencyKey, readJsonBody } from '../http/api-gateway';
import { scopedKey } from '../idempotency/run-once';
import { ProblemError } from '../problems/errors';
import { logProblem } from '../problems/log-problem';
import { problemResult, toProblem } from '../problems/problem';
import { logger } from '../telemetry/logger';
import { maskNumbersIn } from '../telemetry/masking';
import { countProblem, metrics } from '../telemetry/metrics';
import { acceptBatch, BatchIncomplete } from './accept-batch';
import type { BatchItem } from './batch-item';
import type { BatchesParts } from './batches-parts';
import type { DialMessage } from './dial-message';
import { batchItemKey } from './dial-message';
import type { NotQueued, Outgoing, Sender } from './dial-queue';
import { awsCode, dependencyProblem } from './store-problem';

/** Calls one batch may hold. */
export const MAX_BATCH_CALLS = 10_000;
/**
 * The body's limit: under Lambda's 6 MB for a synchronous invocation's payload (API Gateway's own
 * 10 MB is above it), with room for the event around it. Ten thousand calls with labels and a few
 * attributes each fit.
 */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

const FIELDS = ['calls', 'label', 'dryRun', 'at'];
/** Schedules created together for a batch with `at`, and at once in all. */
const SCHEDULES_PER_CHUNK = 8;
const SCHEDULES_AT_ONCE = 16;
/**
 * Calls one batch with `at` may hold. Scheduler has no batch create: each call is one CreateSchedule
 * request before the answer, 16 at once, within the time left less ACCEPT_RESERVE_MS. Measured
 * (bench/later-batch.ts, docs/calls-for-later.md): 10,000 fit only while Scheduler answers at once
 * (a 20 ms answer left 479 unsent at the deadline, 50 ms 4,211); 1,000 were accepted in 14 s
 * with every answer delayed 200 ms. Scheduler's own latency is not known (scale-facts §3), and the
 * smaller Regions create 250 a second: 1,000 keep a margin for both.
 */
export const MAX_SCHEDULED_BATCH_CALLS = 1_000;
// RFC 3339 with its offset, as POST /calls takes `at` (lib/calls/call-input.ts).
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** How far ahead a batch may be scheduled, as a call for later. */
const LATEST_AT_MS = 366 * 86_400_000;

/**
 * `POST /batches`: every item is checked as `POST /calls` checks a body; the valid ones become one
 * message each on the dial queue (accept-batch.ts), the invalid ones are reported by index and never
 * queued. Answers `202 {batchId, total, queued, failed}`; every item is accounted for, as `queued`
 * or in `failed` (invalid, or refused by SQS for its own fault). When the queue, the batches table or
 * the time left stops it part way, it answers the failing dependency's `503` saying how many calls
 * are queued (they will be dialled) and how many are not, and whether a retry completes it: with an
 * Idempotency-Key the batch's id is derived from the key and the body, so a retry resumes the same
 * batch and queues only what is missing; a retry of a request already answered replays its answer.
 */
export async function createBatchApi(event: ApiGatewayEvent, context: Context, parts: () => BatchesParts): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const logFields = () => ({ apiGatewayRequestId: apiRequestId(event), durationMs: Date.now() - startedAt });
  // Without a key of the caller's, the batch gets one of its own, named in a 503 if the batch stops
  // part way: the retry that completes it must be the same batch. A new batch of the calls not known
  // to be queued would ring twice those whose send was cut off after SQS had taken it.
  let minted: string | undefined;
  try {
    const { config, batches, queue, runOnce, now, scheduleMessage, fingerprint, suppression } = parts();
    const caller = callerIdentity(event);
    const idempotencyKey = readIdempotencyKey(event);
    if (idempotencyKey === undefined) minted = randomUUID();
    const batchKey = idempotencyKey ?? minted!;
    const body = readBatchBody(readJsonBody(event, MAX_BATCH_BYTES), now());
    if (body.at && !scheduleMessage) {
      throw new ProblemError('schedules_unavailable', { detail: 'This deployment cannot schedule calls for later (SCHEDULE_GROUP is not set), so a batch with at cannot be accepted. Nothing was queued.' });
    }
    if (!body.at) queue.check();

    const create = async () => {
      // The same request with the same key always names the same batch: a retry of one stopped part way resumes it.
      const batchId = derivedUuid(`batch\u0000${scopedKey(caller, `batches:${batchKey}`)}\u0000${await fingerprint(body, deadline)}`);
      const createdAt = Date.now();
      const expiration = Math.floor(createdAt / 1000) + config.batches.recordDays * 86_400;
      const { valid, invalid } = readCalls(body.calls, config);
      // The suppression list, for every valid number at once (dry runs too, as POST /calls's dry run
      // says it; calls for later too, when accepted); the dialer checks again just before dialling,
      // for numbers listed since.
      const listed = await suppression.listedAmong(
        valid.map(({ call }) => call.numbers.to.e164),
        deadline,
      );
      const { items, outgoing } = prepareItems(body, { valid, invalid }, (index) => ({ v: 1, key: scopedKey(caller, batchItemKey(batchId, index)), caller, batchId, index }), (e164) =>
        listed.has(e164) ? suppression.suppressedProblem(e164) : undefined,
      );
      const record = { batchId, owner: caller, total: body.calls.length, createdAt, dryRun: body.dryRun, expiration, ...(body.label === undefined ? {} : { label: maskNumbersIn(body.label) }) };
      const sender = body.at ? scheduleSender(scheduleMessage!, body.at, batchId) : queue.sender;
      const accepted = await acceptBatch({ record, items, outgoing }, batches, sender, deadline);
      const answer = {
        batchId,
        total: accepted.total,
        queued: accepted.queued,
        ...(body.at ? { at: body.at.toISOString() } : {}),
        ...(accepted.dryRun > 0 || body.dryRun ? { dryRun: accepted.dryRun } : {}),
        failed: accepted.failed,
        progress: `/batches/${batchId}`,
      };
      if (!accepted.earlier) {
        metrics.add('BatchesAccepted');
        metrics.add('CallsQueued', accepted.queued);
      }
      logger.info('batch accepted', { outcome: 'batch_accepted', status: 202, batchId, total: accepted.total, queued: accepted.queued, failed: accepted.failed.length, ...(accepted.earlier ? { earlier: true } : {}), ...logFields() });
      return { value: jsonResult(202, answer, { location: `/batches/${batchId}` }), remember: true };
    };

    if (!idempotencyKey) return (await create()).value;
    const { value, replayed } = await runOnce.run({ key: scopedKey(caller, `batches:${idempotencyKey}`), fingerprint: body }, create, deadline);
    if (!replayed) return value;
    metrics.add('IdempotentReplays');
    logger.info('replayed', { outcome: 'replayed', status: value.statusCode, ...logFields() });
    return { ...value, headers: { ...value.headers, 'idempotent-replayed': 'true' } };
  } catch (error) {
    const problem = toProblem(error instanceof BatchIncomplete ? incompleteProblem(error, minted) : dependencyProblem(error, 'batches_unavailable', 'Nothing was queued; retry.'));
    logProblem(problem, logFields());
    countProblem(problem);
    return problemResult(problem);
  }
}

/**
 * What a batch stopped part way tells its caller: the failing dependency's `503`, how many calls are
 * queued (they will be dialled) and how many not, and how to complete it: the same request again with
 * the same Idempotency-Key (the caller's, or the one `minted` for a request that had none). Never "send
 * the rest in a new batch": a send cut off after SQS took it is counted not queued, and would ring twice.
 */
function incompleteProblem(error: BatchIncomplete, minted: string | undefined): ProblemError {
  const { batchId, total, queued, notQueued, code } = error;
  const what = STOPPED_BY[error.stoppedBy](error.reason);
  const state = queued === 0 ? 'No call is known to be queued.' : `${queued} of its ${total} calls are queued and will be dialled; ${notQueued} are not known to be.`;
  const key = minted === undefined ? 'the same Idempotency-Key' : `the header Idempotency-Key: ${minted} (this request had none; this one names its batch)`;
  const next = `Retry this request unchanged with ${key} to queue the rest: the same batch is completed, and no call is queued twice. Do not send its calls in a new batch: some not known to be queued may be.`;
  return new ProblemError(code, {
    detail: `${what} ${state} ${next}`,
    extensions: { batchId, total, queued, notQueued, progress: `/batches/${batchId}`, ...(minted === undefined ? {} : { idempotencyKey: minted }) },
    cause: error,
  });
}

const STOPPED_BY: Record<BatchIncomplete['stoppedBy'], (reason: string) => string> = {
  queue: (reason) => `The batch was not wholly queued: the dial queue (or Scheduler) failed (${reason}).`,
  store: (reason) => `The batch was not wholly queued: the batches table (DynamoDB) failed (${reason}).`,
  time: () => "The batch was not wholly queued: the function's time ran out before every call was sent (a slow dial queue).",
};

/** A batch's calls read as `POST /calls` reads a body: the valid ones prepared, the others' problems by index. */
export interface ReadCalls {
  readonly valid: ReadonlyArray<{ index: number; call: PreparedCall; message: Record<string, unknown> }>;
  readonly invalid: ReadonlyArray<{ index: number; problem: ProblemError }>;
}

/** Reads every call; the message carries the call as the caller wrote it (the dialer checks it again with the same rules). */
export function readCalls(calls: readonly unknown[], config: Config): ReadCalls {
  const valid: Array<ReadCalls['valid'][number]> = [];
  const invalid: Array<ReadCalls['invalid'][number]> = [];
  calls.forEach((raw, index) => {
    try {
      valid.push({ index, call: prepareCall(parseCallInput(raw), config), message: raw as Record<string, unknown> });
    } catch (error) {
      invalid.push({ index, problem: toProblem(error) });
    }
  });
  return { valid, invalid };
}

/**
 * The batch's items as first written (valid ones `queued`, or `scheduled` for `at`; invalid or
 * refused ones `failed`; dry runs `dryRun`), in index order, and one message per item to dial.
 * `refuse` names the problem of a valid call that must not be queued (a suppressed number).
 */
export function prepareItems(
  body: Pick<BatchBody, 'dryRun' | 'at'>,
  { valid, invalid }: ReadCalls,
  envelope: (index: number) => Omit<DialMessage, 'call'>,
  refuse: (e164: string) => ProblemError | undefined = () => undefined,
): { items: BatchItem[]; outgoing: Outgoing[] } {
  const items: BatchItem[] = [];
  const outgoing: Outgoing[] = [];
  const fail = (index: number, problem: ProblemError) => {
    const { detail, field } = problem.details;
    items.push({ index, status: 'failed', code: problem.code, detail, ...(field === undefined ? {} : { field }) });
  };
  for (const { index, problem } of invalid) fail(index, problem);
  for (const { index, call, message } of valid) {
    const refusal = refuse(call.numbers.to.e164);
    if (refusal) {
      fail(index, refusal);
      continue;
    }
    const { to, toCountry } = callSummary(call);
    const dryRun = body.dryRun || call.input.dryRun === true;
    items.push({ index, status: dryRun ? 'dryRun' : body.at ? 'scheduled' : 'queued', to, ...(toCountry ? { toCountry } : {}), ...(body.at && !dryRun ? { at: body.at.getTime() } : {}) });
    if (!dryRun) outgoing.push({ index, body: JSON.stringify({ ...envelope(index), call: message } satisfies DialMessage) });
  }
  items.sort((a, b) => a.index - b.index);
  return { items, outgoing };
}

/**
 * A batch with `at` sends through Scheduler: one one-time schedule per call, named
 * `<batchId>-<index>` with the same client token, so a resumed acceptance makes the same one (a
 * schedule of that name already there is this call's).
 */
function scheduleSender(scheduleMessage: NonNullable<BatchesParts['scheduleMessage']>, at: Date, batchId: string): Sender {
  return {
    chunkSize: SCHEDULES_PER_CHUNK,
    chunksAtOnce: SCHEDULES_AT_ONCE / SCHEDULES_PER_CHUNK,
    refusedAs: 'schedules_unavailable',
    send: async (chunk, deadline) => {
      const sent: number[] = [];
      const refused: NotQueued[] = [];
      const unsent: NotQueued[] = [];
      await Promise.all(
        chunk.map(async ({ index, body }) => {
          const name = `${batchId}-${index}`;
          try {
            await scheduleMessage({ name, at, message: body, clientToken: name }, deadline);
            sent.push(index);
          } catch (error) {
            const code = error instanceof ProblemError ? error.code : awsCode(error);
            if (code === 'ConflictException') sent.push(index);
            else if (code === 'ValidationException') refused.push({ index, code });
            else unsent.push({ index, code });
          }
        }),
      );
      return { sent, refused, unsent };
    },
  };
}

/** A UUID (version 8, RFC 9562) made from `text`: the same text, the same id. */
export function derivedUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface BatchBody {
  readonly calls: readonly unknown[];
  readonly label?: string;
  readonly dryRun: boolean;
  /** When to dial the batch's calls: each gets a one-time schedule for then. */
  readonly at?: Date;
}

/** The batch's own fields; its items are checked one by one later. `400 invalid_request` naming the field. */
function readBatchBody(value: unknown, now: number): BatchBody {
  const body = value as Record<string, unknown>;
  const unknown = Object.keys(body).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) throw invalid(`${unknown[0]} is not a field of a batch; it holds calls, label and dryRun.`, unknown[0]);
  if (!Array.isArray(body.calls) || body.calls.length === 0) throw invalid('calls must be a non-empty array of calls, each as POST /calls takes it, e.g. {"calls": [{"to": "+1 202 555 0143"}]}.', 'calls');
  if (body.calls.length > MAX_BATCH_CALLS) throw invalid(`A batch holds at most ${MAX_BATCH_CALLS} calls; this one has ${body.calls.length}. Split it.`, 'calls');
  if (body.at !== undefined && body.calls.length > MAX_SCHEDULED_BATCH_CALLS) {
    throw invalid(`A batch with at holds at most ${MAX_SCHEDULED_BATCH_CALLS} calls (each is a schedule made before the answer); this one has ${body.calls.length}. Split it into batches with the same at.`, 'calls');
  }
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
