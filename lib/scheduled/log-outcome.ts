import { logProblem } from '../problems/log-problem';
import { logger } from '../telemetry/logger';
import type { ItemOutcome } from './outcome';
import type { ScheduledCallsResult } from './result';
import type { ScheduleSource } from './schedule-event';
import { withoutUndefined } from '../problems/object';

/**
 * One line per item outcome, with `outcome` and `index` on every line so that a query over the
 * logs finds each item of a run exactly once. Failures go through `logProblem`, as `POST /calls`
 * logs them (warning for the caller's mistakes, error for ours or Genesys's). Numbers are masked by
 * construction: the item carries only `callSummary` fields.
 */
export function logOutcome(outcome: ItemOutcome): void {
  const { item, problem, logFields } = outcome;
  switch (item.status) {
    case 'failed': {
      const { index, to, toCountry, callerId, userId, mayHaveBeenPlaced } = item;
      const fields = { outcome: 'failed', index, ...withoutUndefined({ to, toCountry, callerId, userId, mayHaveBeenPlaced }), ...logFields };
      if (problem) logProblem(problem, fields);
      else logger.error(item.detail, { ...fields, code: item.code });
      return;
    }
    case 'placed': {
      const { status, ...fields } = item;
      logger.info('call placed', { outcome: status, ...fields, ...logFields });
      return;
    }
    case 'not_attempted': {
      const { status, detail, ...fields } = item;
      logger.warn(detail, { outcome: status, ...fields });
      return;
    }
    case 'dry_run': {
      // The request itself is in the result; the log line says what was checked, like POST /calls's.
      const { status, request: _request, ...fields } = item;
      logger.info('dry run', { outcome: status, ...fields });
      return;
    }
  }
}

/**
 * The run's last line: the counts, where the list came from and the settings it ran with. An error
 * when the invocation is about to fail (Lambda retries it), a warning when any item did not go
 * through, information otherwise.
 */
export function logSummary(
  result: ScheduledCallsResult,
  context: { source?: ScheduleSource; durationMs: number; settings?: Record<string, number>; retrying: boolean },
): void {
  const fields = {
    outcome: 'schedule_summary',
    summary: result.summary,
    ...(result.problem ? { code: result.problem.code } : {}),
    ...withoutUndefined({ source: context.source, settings: context.settings }),
    durationMs: context.durationMs,
  };
  const { summary } = result;
  if (context.retrying) {
    logger.error('scheduled calls: nothing placed, every attempt failed transiently; failing so Lambda retries', fields);
  } else if (result.problem) {
    logger.error(`scheduled calls: the event was refused. ${result.problem.detail}`, fields);
  } else if (summary.failed > 0 || summary.notAttempted > 0) {
    logger.warn('scheduled calls finished; some were not placed', fields);
  } else {
    logger.info('scheduled calls finished', fields);
  }
}
