import { setTimeout as sleep } from 'node:timers/promises';
import type { SQSRecord } from 'aws-lambda';
import { parseCallInput } from '../calls/call-input';
import { CALL_STAGES, stageOf } from '../calls/call-stage';
import type { PreparedCall } from '../calls/place-call';
import { callSummary, placeCall, prepareCall } from '../calls/place-call';
import { callingHoursOf, hoursProblem } from '../calls/hours-check';
import type { Config } from '../config';
import type { GenesysClient } from '../genesys/client';
import { DEADLINE_RESERVE_MS } from '../aws/deadline';
import type { RunOnce } from '../idempotency/run-once';
import type { ProblemError } from '../problems/errors';
import { toProblem } from '../problems/problem';
import type { ProblemCode } from '../problems/problem-types';
import { logger } from '../telemetry/logger';
import { countProblem, metrics } from '../telemetry/metrics';
import type { SettledStatus } from './batch-item';
import type { BatchStore } from './batch-store';
import type { DialMessage } from './dial-message';
import { readDialMessage } from './dial-message';
import type { DialPace } from './pace';

/** What the dialer's container holds for it (lib/container.ts). */
export interface DialerParts {
  readonly config: Config;
  /** A Genesys client that does not wait out a 429 (CALL_NO_WAIT). */
  readonly genesys: GenesysClient;
  /** Run once per key, records kept DIAL_RECORD_SECONDS: longer than any delivery of a message. */
  readonly runOnce: RunOnce;
  readonly pace: DialPace;
  readonly batches: BatchStore;
  /** Writes a placed call's outcome record, owned by `placedBy` (who asked for the call); never throws. */
  readonly recordPlaced: (conversationId: string, call: PreparedCall, placedBy: string, deadline: number) => Promise<unknown>;
  /** The instant calling hours are judged at (the clock, unless a test names it). */
  readonly now: () => number;
  /**
   * Sends `message` to the dial queue again at `at` through a one-time schedule (lib/later/): how a
   * call waits for calling hours further away than a visibility timeout can hide it. None where the
   * stack has no schedule group: the message then waits the longest visibility timeout, again.
   */
  readonly scheduleMessage?: (schedule: { name: string; at: Date; message: string; clientToken: string }, deadline: number) => Promise<void>;
  /**
   * The suppression list and attempt caps (lib/suppression/, reached through the container): checked
   * just before dialling, and the call POST counted as one attempt (docs/suppression.md).
   */
  readonly suppression: {
    check(e164: string, deadline: number): Promise<void>;
    attempt<T>(e164: string, deadline: number, place: () => Promise<T>): Promise<T>;
  };
}

/**
 * The longest a message can be hidden: SQS allows 12 hours of visibility from its receive
 * (scale-facts §1.2); a few minutes are kept back for the time since the receive.
 */
export const LONGEST_DEFERRAL_SECONDS = 12 * 3600 - 300;

/** Why a message goes back to the queue, and for how long: the message's visibility timeout. */
export class Deferral extends Error {
  override readonly name = 'Deferral';
  constructor(
    readonly reason: DeferralReason,
    readonly seconds: number,
    readonly code?: ProblemCode,
  ) {
    super(`deferred (${reason}) for ${seconds} s`);
  }
}

export type DeferralReason = 'rate_limited' | 'paused' | 'pace' | 'transient' | 'in_progress' | 'outside_hours';

/** What one attempt became: settled for good, or back to the queue. */
type Attempt =
  | { readonly settle: Exclude<SettledStatus, 'deadLettered' | 'cancelled'>; readonly conversationId?: string; readonly problem?: Pick<ProblemError, 'code'> & { detail?: string; field?: string } }
  | { readonly retry: 'rate_limited'; readonly retryAfterSeconds: number; readonly code: ProblemCode }
  | { readonly retry: 'transient'; readonly code: ProblemCode };

/** A failure before Genesys acted goes back after `base` s (15 by default), twice that, … up to 15 min. */
export function backoffSeconds(receives: number, base: number): number {
  return Math.min(900, base * 2 ** Math.max(0, receives - 1));
}

/** A duplicate delivery that finds its key in progress looks again after this long. */
const IN_PROGRESS_SECONDS = 60;
/** Deferrals after a 429 spread over this much more, so the messages do not all come back in the same second. */
const JITTER_SECONDS = 3;
/** After the last call's answer: the idempotency write, the item, the log line. */
const FINISH_MS = 1000;

/**
 * One message of the dial queue, one call: validate → run once → suppression → place (one attempt
 * under the caps) → record, and settle the
 * batch's item. Returns when the message is done with (the mapping deletes it); throws a
 * `Deferral` to send it back. It knows nothing of batches of messages: the dialer's processor does.
 * A call that may have been placed is never tried again: it is recorded as such and the message deleted.
 */
export async function dialOne(record: SQSRecord, deadline: number, parts: DialerParts): Promise<void> {
  const message = readDialMessage(record.body);
  const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
  const settle = (status: SettledStatus, fields: Record<string, string | number | undefined> = {}) =>
    message.batchId === undefined ? Promise.resolve(true) : parts.batches.settle(message.batchId, message.index!, status, { ...fields, settledAt: Date.now() }, deadline);

  // On its last receive the item is marked with this invocation's end before anything is tried:
  // should the function die now (its timeout, its memory), SQS moves the message to the dead-letter
  // queue and, from that time on, the item counts `deadLettered` instead of `queued` for ever.
  // Whatever this try ends in settles the item before then.
  if (receives >= parts.config.dial.maxReceiveCount && message.batchId !== undefined) await parts.batches.markLastReceive(message.batchId, message.index!, deadline, deadline);

  const batch = message.batchId === undefined ? undefined : await parts.batches.get(message.batchId, deadline);
  if (batch?.cancelledAt !== undefined) {
    await settle('cancelled');
    report(message, 'cancelled');
    return;
  }

  let call: PreparedCall;
  try {
    call = prepareCall(parseCallInput(message.call), parts.config);
  } catch (error) {
    // Checked when the batch was accepted; only a configuration changed since can refuse it now.
    const problem = toProblem(error);
    await settle('failed', { code: problem.code, detail: problem.details.detail, field: problem.details.field });
    report(message, 'failed', undefined, problem);
    return;
  }

  // Checked again just before dialling: the hours may have closed since the call was queued (or the
  // setting changed). Before the run-once guard: a redelivery of a call placed at 20:59 waits for
  // 08:00, then finds its outcome kept and settles it without dialling.
  const hours = callingHoursOf(call, parts.config.callingHours, parts.now());
  if (hours.kind === 'time_zone_required') {
    const problem = hoursProblem(call, hours);
    await settle('failed', { ...callSummary(call), code: problem.code, detail: problem.details.detail, field: problem.details.field });
    report(message, 'failed', call, problem);
    return;
  }
  if (hours.kind === 'outside') {
    await waitForHours(record, message, hours.nextAllowedAt, receives, deadline, parts, settle);
    return;
  }

  // A call for later is taken before any request to Genesys, by a conditional write on the record a
  // cancel writes too (lib/later/): a cancel that came first wins (never dialled), or this does (the
  // cancel answers 409). Reading cancelledAt above is not enough: a cancel may land since.
  if (batch?.kind === 'call' && !(await parts.batches.claimCall(batch.batchId, Date.now(), deadline))) {
    await settle('cancelled');
    report(message, 'cancelled');
    return;
  }

  const attempt = await attemptOnce(message, call, receives, deadline, parts);
  if ('settle' in attempt) {
    const { problem } = attempt;
    await settle(attempt.settle, { ...callSummary(call), conversationId: attempt.conversationId, code: problem?.code, detail: problem?.detail, field: problem?.field });
    report(message, attempt.settle, call, problem, record);
    return;
  }
  if (attempt.retry === 'rate_limited') throw new Deferral('rate_limited', attempt.retryAfterSeconds + jitter(), attempt.code);
  throw new Deferral('transient', backoffSeconds(receives, parts.config.dial.retryBaseSeconds), attempt.code);
}

/**
 * A call outside the callee's calling hours waits for them, counted `deferred` in its batch: back in
 * the queue, hidden until then, when that is within a visibility timeout and the message has
 * receives to spare; otherwise on a one-time schedule that sends it again then (a new message, with
 * its receives afresh), and this one is deleted. Throws the Deferral that sends it back.
 */
async function waitForHours(
  record: SQSRecord,
  message: DialMessage,
  nextAllowedAt: Date,
  receives: number,
  deadline: number,
  parts: DialerParts,
  settle: (status: SettledStatus, fields?: Record<string, string | number | undefined>) => Promise<boolean>,
): Promise<void> {
  const seconds = Math.max(1, Math.ceil((nextAllowedAt.getTime() - parts.now()) / 1000));
  await settle('deferred', { at: nextAllowedAt.getTime() });
  const lastReceive = receives >= parts.config.dial.maxReceiveCount - 1;
  if (!parts.scheduleMessage || (seconds <= LONGEST_DEFERRAL_SECONDS && !lastReceive)) {
    logDeferred(message, nextAllowedAt, 'queue');
    throw new Deferral('outside_hours', Math.min(seconds, LONGEST_DEFERRAL_SECONDS));
  }
  // Named by the message: a redelivery of this message makes the same schedule (the client token).
  await parts.scheduleMessage({ name: `wait-${record.messageId}`, at: nextAllowedAt, message: record.body, clientToken: record.messageId }, deadline);
  logDeferred(message, nextAllowedAt, 'schedule');
}

function logDeferred(message: DialMessage, until: Date, by: 'queue' | 'schedule'): void {
  try {
    metrics.addByCode('DialItems', 'deferred');
    logger.info('dial: deferred until the callee\'s calling hours', {
      outcome: 'deferred',
      until: until.toISOString(),
      by,
      ...(message.batchId === undefined ? {} : { batchId: message.batchId, index: message.index }),
    });
  } catch {
    // A log line is not worth a second call.
  }
}

/** Waits for the call's turn, then places it at most once for its key. */
async function attemptOnce(message: DialMessage, call: PreparedCall, receives: number, deadline: number, parts: DialerParts): Promise<Attempt> {
  const { pace } = parts;
  const lastStartAt = deadline - FINISH_MS - DEADLINE_RESERVE_MS - parts.config.genesys.timeoutMs;
  const to = call.numbers.to.e164;
  /** A problem → what the attempt became, and whether the key remembers it. */
  const outcomeOf = (problem: ProblemError): { value: Attempt; remember: boolean } => {
    const stage = stageOf(problem);
    if (problem.code === 'genesys_rate_limited') {
      const seconds = problem.details.retryAfterSeconds ?? 1;
      pace.pauseUntil(Date.now() + seconds * 1000);
      return { value: { retry: 'rate_limited', retryAfterSeconds: seconds, code: problem.code }, remember: false };
    }
    const summary = { code: problem.code, detail: problem.details.detail, field: problem.details.field };
    if (CALL_STAGES[stage].callMayExist) return { value: { settle: 'mayHaveBeenPlaced', problem: summary }, remember: true };
    // Nothing reached Genesys, or Genesys did not act: a failure that may pass goes back to the queue.
    if (CALL_STAGES[stage].sharedByAllCalls || stage === 'notConnected') return { value: { retry: 'transient', code: problem.code }, remember: false };
    return { value: { settle: 'failed', problem: summary }, remember: false };
  };
  const place = async () => {
    try {
      // Just before dialling, inside the key's guard (as POST /calls): a number listed since the
      // batch was accepted is not called (its item fails with destination_suppressed); a
      // redelivery of a call placed before replays `placed`. The list unreadable: back to the queue.
      await parts.suppression.check(to, deadline);
    } catch (error) {
      return outcomeOf(toProblem(error, call.context));
    }
    const startAt = pace.reserve(lastStartAt);
    if (startAt === undefined) {
      const paused = pace.pausedUntil > Date.now();
      throw new Deferral(paused ? 'paused' : 'pace', paused ? Math.ceil((pace.pausedUntil - Date.now()) / 1000) + jitter() : 1 + jitter());
    }
    if (startAt > Date.now()) await sleep(startAt - Date.now());
    try {
      // The call POST, counted as one attempt under MAX_ATTEMPTS_PER_NUMBER: over a cap, the item
      // fails with attempt_limit_reached (its nextAllowedAt in the detail), nothing sent.
      const placed = await parts.suppression.attempt(to, deadline, () => placeCall(parts.genesys, call, deadline));
      await parts.recordPlaced(placed.conversationId, call, message.caller, deadline);
      return { value: { settle: 'placed', conversationId: placed.conversationId } as Attempt, remember: true };
    } catch (error) {
      return outcomeOf(toProblem(error, call.context));
    }
  };
  try {
    return (await parts.runOnce.run({ key: message.key, fingerprint: call.request }, place, deadline)).value;
  } catch (error) {
    if (error instanceof Deferral) throw error;
    const problem = toProblem(error);
    if (problem.code === 'request_in_progress') {
      // Another delivery of this message is placing the call, or one died while placing it. After
      // the last receive, it is recorded as possibly placed rather than tried again.
      if (receives >= parts.config.dial.maxReceiveCount) return { settle: 'mayHaveBeenPlaced', problem: { code: problem.code, detail: 'A delivery of this call died while placing it: it may have been placed. It was not tried again.' } };
      throw new Deferral('in_progress', IN_PROGRESS_SECONDS, problem.code);
    }
    if (problem.code === 'idempotency_key_reused') return { settle: 'failed', problem: { code: problem.code, detail: problem.details.detail } };
    return { retry: 'transient', code: problem.code };
  }
}

function jitter(): number {
  return Math.floor(Math.random() * JITTER_SECONDS);
}

/** One log line and the metrics of a message that is done with. */
function report(message: DialMessage, status: SettledStatus, call?: PreparedCall, problem?: { code: string; detail?: string }, record?: SQSRecord): void {
  try {
    metrics.addByCode('DialItems', status);
    if (status === 'placed') metrics.add('CallsPlaced');
    if (problem) countProblem({ code: problem.code, details: {} });
    const sent = Number(record?.attributes.SentTimestamp);
    if (status === 'placed' && Number.isFinite(sent)) metrics.add('QueueDelay', Math.max(0, Date.now() - sent));
    const fields = {
      outcome: status,
      ...(message.batchId === undefined ? {} : { batchId: message.batchId, index: message.index }),
      ...(call ? callSummary(call) : {}),
      ...(problem ? { code: problem.code } : {}),
    };
    if (status === 'placed' || status === 'cancelled') logger.info(`dial: ${status}`, fields);
    else logger.warn(`dial: ${status}${problem?.detail ? `: ${problem.detail}` : ''}`, fields);
  } catch {
    // A log line or metric is not worth a second call.
  }
}
