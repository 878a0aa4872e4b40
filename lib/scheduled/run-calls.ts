import { setTimeout as sleep } from 'node:timers/promises';
import type { Container } from '../container';
import type { RunOnce } from '../idempotency/run-once';
import { scopedKey } from '../idempotency/run-once';
import { SCHEDULE_PRINCIPAL } from './item-key';
import type { GenesysClient } from '../genesys/client';
import type { PreparedCall } from '../calls/place-call';
import { placeCall } from '../calls/place-call';
import { toProblem } from '../problems/problem';
import type { ProblemCode } from '../problems/problem-types';
import type { RunDeadlines } from './deadline';
import { CALL_STAGES, stageOf } from '../calls/call-stage';
import type { ItemOutcome } from './outcome';
import type { ItemResult } from './result';
import { failedOutcome, notAttemptedOutcome, placedOutcome } from './outcome';
import type { RateBudget } from '../calls/rate-budget';

/** What the idempotency store keeps of an outcome: its JSON parts (the problem object is not). */
type StoredOutcome = Omit<ItemOutcome, 'problem'>;

function stored({ problem: _problem, ...outcome }: ItemOutcome): StoredOutcome {
  return outcome;
}

/** Whether an outcome is kept for the item's key: the call was placed, or Genesys may have acted. */
function mayExist(outcome: ItemOutcome): boolean {
  if (outcome.item.status === 'placed') return true;
  return outcome.attempt !== undefined && CALL_STAGES[outcome.attempt.stage].callMayExist;
}

/** A validated item waiting for its turn; `index` is its position in the schedule's list. */
export interface QueuedCall {
  readonly index: number;
  readonly call: PreparedCall;
  /** Places the call at most once per key (see item-key.ts); absent: placed unguarded. */
  readonly key?: string;
}

export interface RunSettings {
  /** Calls in flight at most. */
  readonly concurrency: number;
  readonly budget: RateBudget;
  readonly deadlines: RunDeadlines;
  readonly runOnce: RunOnce;
  /** The suppression list and attempt caps (lib/suppression/): checked once the item's key is held, counted around the POST. */
  readonly suppression: Container['suppression'];
  /** Keeps the record of a placed call (record-placed-call.ts); never throws. */
  readonly recordPlaced?: (conversationId: string, call: PreparedCall, deadline: number) => Promise<unknown>;
}

/**
 * Places the queued calls, at most `concurrency` at a time and no faster than the budget allows,
 * each exactly once: a call POST is never repeated here (the Genesys client retries only what
 * proves Genesys did nothing). Every item ends in exactly one outcome, returned in the order they
 * ended and handed to `report` as soon as it is known. Items not started when the deadline nears,
 * or after a failure every call would meet, are `not_attempted`. Never rejects: a rejected run
 * would fail the invocation after calls were placed, and Lambda's retry would dial everyone again.
 */
export async function runCalls(
  queue: readonly QueuedCall[],
  genesys: GenesysClient,
  settings: RunSettings,
  report: (outcome: ItemOutcome) => void,
): Promise<ItemOutcome[]> {
  const { budget, deadlines } = settings;
  const outcomes: ItemOutcome[] = [];
  let next = 0;
  let stoppedBy: ProblemCode | undefined;

  /**
   * Waits for the item's turn in the rate budget, then posts it once. The turn is taken here, inside
   * the idempotency guard, so that replaying an item placed by an earlier delivery costs no turn.
   */
  async function startAndPlace(index: number, call: PreparedCall): Promise<ItemOutcome> {
    const startAt = budget.reserve(deadlines.lastStartAt);
    if (startAt === undefined) return notAttemptedOutcome(index, call, 'deadline');
    const wait = startAt - Date.now();
    if (wait > 0) await sleep(wait);
    // Another worker may have met a failure that stops the run while this one waited for its turn.
    if (stoppedBy) return notAttemptedOutcome(index, call, 'stopped_after_failure', stoppedBy);
    const startedAt = Date.now();
    try {
      const placed = await settings.suppression.attempt(call.numbers.to.e164, deadlines.callsEndBy, () => placeCall(genesys, call, deadlines.callsEndBy));
      await settings.recordPlaced?.(placed.conversationId, call, deadlines.callsEndBy);
      return placedOutcome(index, call, placed, Date.now() - startedAt);
    } catch (error) {
      return failed(index, call, error, Date.now() - startedAt);
    }
  }

  /**
   * The suppression list, checked when the item's turn comes (a number listed while the run is under
   * way is not called) and inside the idempotency guard, as calling hours are on POST /calls: a
   * duplicate delivery of an item placed before its number was listed replays `placed`, and the
   * refusal is not remembered. Checked before the item takes a turn of the rate budget.
   */
  async function checkAndPlace(index: number, call: PreparedCall): Promise<ItemOutcome> {
    try {
      await settings.suppression.check(call.numbers.to.e164, deadlines.callsEndBy);
    } catch (error) {
      return failed(index, call, error);
    }
    return startAndPlace(index, call);
  }

  /** A failed item; a failure every later call would meet stops the run. */
  function failed(index: number, call: PreparedCall, error: unknown, durationMs?: number): ItemOutcome {
    const problem = toProblem(error, call.context);
    const stage = stageOf(problem);
    if (CALL_STAGES[stage].sharedByAllCalls) stoppedBy ??= problem.code;
    return failedOutcome(index, problem, call, stage, durationMs);
  }

  async function attempt({ index, call, key }: QueuedCall): Promise<ItemOutcome> {
    if (stoppedBy) return notAttemptedOutcome(index, call, 'stopped_after_failure', stoppedBy);
    if (key === undefined) return checkAndPlace(index, call);
    try {
      const { value, replayed } = await settings.runOnce.run(
        { key: scopedKey(SCHEDULE_PRINCIPAL, key), fingerprint: call.request },
        async () => {
          const outcome = await checkAndPlace(index, call);
          return { value: stored(outcome), remember: mayExist(outcome) };
        },
        deadlines.callsEndBy,
      );
      // A replay is the outcome of an earlier delivery of this item: nothing was sent now.
      return replayed ? { ...value, item: { ...value.item, index, replayed: true } as ItemResult } : value;
    } catch (error) {
      // Refused by the store (key reused, in progress, store down): not sent, fail closed.
      return failed(index, call, error);
    }
  }

  async function worker(): Promise<void> {
    while (next < queue.length) {
      const queued = queue[next];
      next += 1;
      const outcome = await attempt(queued);
      outcomes.push(outcome);
      try {
        report(outcome);
      } catch {
        // Reporting (logging) failed: the outcome is still in the result, and the run must go on.
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(settings.concurrency, queue.length) }, worker));
  return outcomes;
}
