import type { APIGatewayProxyResult } from 'aws-lambda';
import { parseCallInput } from '../call-input';
import type { Container } from '../container';
import { logger } from '../logger';
import type { PreparedCall } from '../place-call';
import { callSummary, describeRequest, placeCall, prepareCall } from '../place-call';
import { problemResult, toProblem } from '../problem';
import type { ApiGatewayEvent } from './api-gateway';
import { apiRequestId, jsonResult, readJsonBody } from './api-gateway';
import { logProblem } from './problem-response';

/**
 * `POST /calls`: body → validated call → Genesys → `201`, or `200` for a dry run, or a problem.
 * Exactly one log line per outcome.
 */
export async function createCallApi(
  event: ApiGatewayEvent,
  container: () => Container,
  deadline: number,
): Promise<APIGatewayProxyResult> {
  const startedAt = Date.now();
  const apiGatewayRequestId = apiRequestId(event);
  let prepared: PreparedCall | undefined;
  try {
    const { config, genesys } = container();
    const input = parseCallInput(readJsonBody(event));
    prepared = prepareCall(input, config);
    const summary = callSummary(prepared);

    if (input.dryRun) {
      logger.info('dry run', { outcome: 'dry_run', status: 200, apiGatewayRequestId, ...summary });
      return jsonResult(200, { dryRun: true, ...summary, request: describeRequest(prepared, config.genesys.apiUrl) });
    }

    const placed = await placeCall(genesys, prepared, deadline);
    logger.info('call placed', {
      outcome: 'placed',
      status: 201,
      conversationId: placed.conversationId,
      genesysCorrelationId: placed.correlationId,
      apiGatewayRequestId,
      durationMs: Date.now() - startedAt,
      ...summary,
    });
    return jsonResult(
      201,
      { conversationId: placed.conversationId, selfUri: placed.selfUri, ...summary },
      placed.correlationId ? { 'inin-correlation-id': placed.correlationId } : {},
    );
  } catch (error) {
    const problem = toProblem(error, prepared?.context);
    logProblem(problem, {
      apiGatewayRequestId,
      durationMs: Date.now() - startedAt,
      ...(prepared ? callSummary(prepared) : {}),
    });
    return problemResult(problem);
  }
}
