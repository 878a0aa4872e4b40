import type { Context } from 'aws-lambda';
import { parseCallInput } from '../calls/call-input';
import type { Container } from '../container';
import { countProblem } from '../telemetry/metrics';
import { requireCallingHours } from '../calls/hours-check';
import { prepareCall } from '../calls/place-call';
import { toProblem } from '../problems/problem';
import { recordPlacedCall } from '../outcomes/record-placed-call';
import { runDeadlines } from './deadline';
import { ScheduleRetryableError } from './errors';
import { isSafeToRetry } from './failure-policy';
import { logger } from '../telemetry/logger';
import { DUPLICATE_DELIVERY_RISK, ITEM_KEY_FIELD, KEY_BASIS, SCHEDULE_PRINCIPAL, itemKey } from './item-key';
import { countOutcome } from './count-outcome';
import { logOutcome, logSummary } from './log-outcome';
import type { ItemOutcome } from './outcome';
import { dryRunOutcome, failedOutcome } from './outcome';
import { RateBudget } from '../calls/rate-budget';
import type { ScheduledCallsResult } from './result';
import { scheduleResult } from './result';
import type { QueuedCall } from './run-calls';
import { runCalls } from './run-calls';
import type { ScheduleRequest } from './schedule-event';
import { readScheduleEvent } from './schedule-event';

/**
 * A schedule's list of calls → one outcome per item. Every item is validated first, with the rules
 * and problem codes of `POST /calls`; the valid ones are placed (see `runCalls`); dry-run items are
 * described, not placed. Returns the result after logging one line per item and a summary.
 *
 * Throws (`ScheduleRetryableError`) in one case only: nothing was placed and every call tried failed
 * transiently before Genesys acted on it, so that Lambda's retry of the whole invocation is safe and
 * may succeed. In every other case it returns, whatever failed: once a call may be ringing, a retry
 * would ring it again.
 */
export async function runScheduledCalls(event: unknown, context: Context, container: () => Container): Promise<ScheduledCallsResult> {
  const startedAt = Date.now();
  const lambdaDeadline = startedAt + context.getRemainingTimeInMillis();
  let request: ScheduleRequest;
  try {
    request = readScheduleEvent(event);
  } catch (error) {
    // Not transient (the same event would be refused again): reported, not thrown.
    const problem = toProblem(error);
    countProblem(problem);
    const result = { ...scheduleResult([]), problem: { code: problem.code, detail: problem.details.detail } };
    logSummary(result, { durationMs: Date.now() - startedAt, retrying: false });
    return result;
  }

  const outcomes: ItemOutcome[] = [];
  // Every item ends here: one log line and its metrics.
  const report = (outcome: ItemOutcome) => {
    logOutcome(outcome);
    countOutcome(outcome);
  };
  const settle = (outcome: ItemOutcome) => {
    outcomes.push(outcome);
    report(outcome);
  };

  let parts: Container;
  try {
    parts = container();
  } catch (error) {
    // A missing or malformed setting fails every item alike; a retry cannot fix it, so no throw.
    const problem = toProblem(error);
    request.calls.forEach((_, index) => settle(failedOutcome(index, problem)));
    return finish(request, outcomes, startedAt);
  }
  const { config, genesys, runOnce, calls, now, suppression } = parts;
  // Keys derived from the delivery guard a list only where a store is deployed; a key the caller
  // wrote on an item is a request for the guarantee and fails closed without one (see run-once.ts).
  const storeDeployed = config.idempotency.tableName !== undefined;

  const queue: QueuedCall[] = [];
  let keyedByInvocation = 0;
  for (const [index, value] of request.calls.entries()) {
    try {
      const call = prepareCall(parseCallInput(value, [ITEM_KEY_FIELD]), config);
      // Judged when the list is read: the run ends within the invocation's 15 minutes at most.
      requireCallingHours(call, config.callingHours, now());
      const { key, basis } = itemKey(value, index, request.source, context.awsRequestId);
      if (call.input.dryRun) {
        // A dry run says what the call would meet, the suppression list included (runCalls checks the others).
        await suppression.check(call.numbers.to.e164, lambdaDeadline);
        await suppression.checkAttempts(call.numbers.to.e164, lambdaDeadline);
        settle(dryRunOutcome(index, call, config.genesys.apiUrl));
        continue;
      }
      if (basis === KEY_BASIS.invocation) keyedByInvocation += 1;
      queue.push({ index, call, ...(basis === KEY_BASIS.item || storeDeployed ? { key } : {}) });
    } catch (error) {
      settle(failedOutcome(index, toProblem(error)));
    }
  }
  if (keyedByInvocation > 0) logger.warn(DUPLICATE_DELIVERY_RISK, { outcome: 'duplicate_delivery_risk', items: keyedByInvocation });

  if (queue.length > 0 && config.calls.tableName) calls.preload();
  const { concurrency, requestsPerMinute } = config.scheduled;
  const ran = await runCalls(
    queue,
    genesys,
    {
      concurrency,
      budget: new RateBudget(requestsPerMinute),
      deadlines: runDeadlines(lambdaDeadline, config.genesys.timeoutMs),
      runOnce,
      suppression,
      recordPlaced: (conversationId, call, deadline) => recordPlacedCall(calls, config.calls, conversationId, call, SCHEDULE_PRINCIPAL, deadline),
    },
    report,
  );
  outcomes.push(...ran);
  return finish(request, outcomes, startedAt, { concurrency, requestsPerMinute });
}

function finish(
  request: ScheduleRequest,
  outcomes: readonly ItemOutcome[],
  startedAt: number,
  settings?: Record<string, number>,
): ScheduledCallsResult {
  const items = outcomes.map((outcome) => outcome.item).sort((a, b) => a.index - b.index);
  const result = scheduleResult(items);
  const failures = outcomes.flatMap((outcome) => (outcome.attempt ? [outcome.attempt] : []));
  const retrying = isSafeToRetry(result.summary.placed, failures);
  try {
    logSummary(result, { source: request.source, durationMs: Date.now() - startedAt, settings, retrying });
  } catch {
    // A log line is not worth failing the invocation for: Lambda would retry it and dial again.
  }
  if (retrying) throw new ScheduleRetryableError(result, failures);
  return result;
}
