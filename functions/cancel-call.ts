import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import type { ApiGatewayEvent } from '../lib/http/api-gateway';
import { problemResponse } from '../lib/http/problem-response';
import { cancelCallApi } from '../lib/later/cancel-call-api';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';

/** `DELETE /calls/{callId}`: cancels a call for later not yet dialled. */
export function createHandler(container: () => Container = getContainer) {
  return middy<ApiGatewayEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(publishMetrics())
    .use(problemResponse({ logger }))
    .handler((event, context) => cancelCallApi(event, context, () => container().later));
}

export const handler = createHandler();
