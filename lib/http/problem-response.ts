import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { logProblem, type ProblemLogger } from '../problems/log-problem';
import { logger as defaultLogger } from '../telemetry/logger';
import { countProblem } from '../telemetry/metrics';
import { problemResult, toProblem } from '../problems/problem';

const defaults = {
  // Where the one line per failed invocation goes.
  logger: defaultLogger as ProblemLogger,
};

/**
 * The fence around a handler: whatever escapes it becomes a problem+json answer. A `ProblemError`
 * is answered as it is; anything else is a bug and becomes a bare `500 internal_error`, so no stack
 * trace, upstream body or secret can reach a caller.
 */
export function problemResponse(options: Partial<typeof defaults> = {}): MiddlewareObj<unknown, APIGatewayProxyResult> {
  const { logger } = { ...defaults, ...options };
  const problemResponseOnError: MiddlewareObj<unknown, APIGatewayProxyResult>['onError'] = async (request) => {
    const problem = toProblem(request.error);
    logProblem(problem, {}, logger);
    countProblem(problem);
    request.response = problemResult(problem);
  };
  return { onError: problemResponseOnError };
}
