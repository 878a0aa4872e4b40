import { setTimeout as sleep } from 'node:timers/promises';
import type { Outcome, RunOnce } from '../idempotency/run-once';
import { scopedKey } from '../idempotency/run-once';
import type { GenesysClient } from '../genesys/client';
import type { PreparedCall } from '../place-call';
import { placeCall } from '../place-call';
import { toProblem } from '../problem';
import type { ProblemCode } from '../problem-types';
import type { RunDeadlines } from './deadline';
import { CALL_STAGES, stageOf } from '../call-stage';
import type { ItemOutcome } from './outcome';
import type { ItemResult } from './result';
import { failedOutcome, notAttemptedOutcome, placedOutcome } from './outcome';
import type { RateBudget } from './rate-budget';

/** What the idempotency store keeps of an outcome: its JSON parts (the problem object is not). */
type StoredOutcome = Omit<ItemOutcome, 'problem'>;

function stored({ problem: _problem, ...outcome }: ItemOutcome): StoredOutcome {
  return outcome;
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

  /** One POST, its outcome remembered for the item's key when Genesys may have acted on it. */
  async function place(index: number, call: PreparedCall): Promise<Outcome<StoredOutcome>> {
    const startedAt = Date.now();
    try {
      const placed = await placeCall(genesys, call, deadlines.callsEndBy);
      return { value: stored(placedOutcome(index, call, placed, Date.now() - startedAt)), remember: true };
    } catch (error) {
      const problem = toProblem(error, call.context);
      const stage = stageOf(problem);
      if (CALL_STAGES[stage].sharedByAllCalls) stoppedBy ??= problem.code;
      const outcome = failedOutcome(index, problem, call, stage, Date.now() - startedAt);
      return { value: stored(outcome), remember: CALL_STAGES[stage].callMayExist };
    }
  }

  async function placeOnce({ index, call, key }: QueuedCall): Promise<ItemOutcome> {
    if (key === undefined) return (await place(index, call)).value;
    try {
      const { value, replayed } = await settings.runOnce.run({ key: scopedKey('schedule', key), fingerprint: call.request }, () => place(index, call));
      // A replay is the outcome of an earlier delivery of this item: nothing was sent now.
      return replayed ? { ...value, item: { ...value.item, index, replayed: true } as ItemResult } : value;
    } catch (error) {
      // Refused by the store (key reused, in progress, store down): not sent, fail closed.
      const problem = toProblem(error, call.context);
      const stage = stageOf(problem);
      if (CALL_STAGES[stage].sharedByAllCalls) stoppedBy ??= problem.code;
      return failedOutcome(index, problem, call, stage);
    }
  }

  async function attempt({ index, call, key }: QueuedCall): Promise<ItemOutcome> {
    if (stoppedBy) return notAttemptedOutcome(index, call, 'stopped_after_failure', stoppedBy);
    const startAt = budget.reserve(deadlines.lastStartAt);
    if (startAt === undefined) return notAttemptedOutcome(index, call, 'deadline');
    const wait = startAt - Date.now();
    if (wait > 0) await sleep(wait);
    // Another worker may have met a failure that stops the run while this one waited for its turn.
    if (stoppedBy) return notAttemptedOutcome(index, call, 'stopped_after_failure', stoppedBy);
    return placeOnce({ index, call, key });
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
