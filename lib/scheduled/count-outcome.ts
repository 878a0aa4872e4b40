import { countProblem, metrics } from '../telemetry/metrics';
import type { ItemOutcome } from './outcome';

/** One item's metrics: its outcome, and what placing or failing it counts everywhere else. */
export function countOutcome(outcome: ItemOutcome): void {
  const { item, problem } = outcome;
  metrics.addByCode('ScheduleItems', item.status);
  if ('replayed' in item && item.replayed) metrics.add('IdempotentReplays');
  else if (item.status === 'placed') metrics.add('CallsPlaced');
  if (problem && !('replayed' in item && item.replayed)) countProblem(problem);
}
