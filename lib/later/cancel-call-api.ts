import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiGatewayEvent } from '../http/api-gateway';
import { apiRequestId, callerIdentity } from '../http/api-gateway';
import { ProblemError } from '../problems/errors';
import { logProblem } from '../problems/log-problem';
import { problemResult, toProblem } from '../problems/problem';
import { logger } from '../telemetry/logger';
import { countProblem } from '../telemetry/metrics';
import type { LaterCalls } from './calls-for-later';

const CALL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `DELETE /calls/{callId}`: cancels a call for later. `204` when it will not ring (cancelled now or
 * before, or failed); `409 call_already_placed` once the dialer has taken it (placed, may have, or is placing it); `404
 * call_not_found` for an id that is not the caller's call for later, another principal's included.
 */
export async function cancelCallApi(event: ApiGatewayEvent, context: Context, later: () => LaterCalls): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const deadline = startedAt + context.getRemainingTimeInMillis();
  const callId = (event.pathParameters?.conversationId ?? '').toLowerCase();
  const logFields = () => ({ apiGatewayRequestId: apiRequestId(event), durationMs: Date.now() - startedAt });
  try {
    if (!CALL_ID.test(callId)) throw notFound();
    const outcome = await later().cancel(callId, callerIdentity(event), deadline);
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'dialled') {
      throw new ProblemError('call_already_placed', {
        detail: 'This call for later was already taken by the dialer (placed, possibly placed, or being placed): it cannot be cancelled. GET /calls/{callId} shows its outcome.',
      });
    }
    logger.info('call for later cancelled', { outcome: 'cancelled', status: 204, callId, ...logFields() });
    return { statusCode: 204, headers: {}, body: '' };
  } catch (error) {
    const problem = toProblem(error);
    logProblem(problem, logFields());
    countProblem(problem);
    return problemResult(problem);
  }
}

function notFound(): ProblemError {
  return new ProblemError('call_not_found', { detail: 'You scheduled no call for later with this id (or its record has expired).' });
}
