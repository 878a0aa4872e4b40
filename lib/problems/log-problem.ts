import type { ProblemError } from './errors';
import { logger as defaultLogger } from '../telemetry/logger';
import { problemStatus } from './problem';

export type ProblemLogger = Pick<typeof defaultLogger, 'warn' | 'error'>;

/** One log line for a problem: a warning for the caller's mistakes, an error for ours or Genesys's. */
export function logProblem(problem: ProblemError, fields: Record<string, unknown>, log: ProblemLogger = defaultLogger): void {
  const status = problemStatus(problem);
  const line = {
    outcome: status < 500 ? 'refused' : 'failed',
    status,
    code: problem.code,
    ...(problem.details.field ? { field: problem.details.field } : {}),
    ...(problem.details.genesys ? { genesys: problem.details.genesys } : {}),
    ...fields,
  };
  if (status < 500) {
    log.warn(problem.details.detail, line);
  } else {
    // The cause's name only: an upstream error's message or body is not ours to repeat.
    const cause = problem.cause instanceof Error ? problem.cause.name : undefined;
    log.error(problem.details.detail, { ...line, ...(cause ? { cause } : {}) });
  }
}
