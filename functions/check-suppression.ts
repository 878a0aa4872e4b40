import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import type { ApiGatewayEvent } from '../lib/http/api-gateway';
import { problemResponse } from '../lib/http/problem-response';
import { checkSuppressionApi } from '../lib/suppression/suppressions-api';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';

/** `POST /suppressions/check` behind API Gateway: whether one number is on the suppression list (and, with caps, may be attempted now). */
export function createHandler(container: () => Container = getContainer) {
  return middy<ApiGatewayEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false })) // bodies hold full phone numbers: never logged
    .use(publishMetrics())
    .use(problemResponse({ logger }))
    .handler((event, context) => checkSuppressionApi(event, context, container));
}

export const handler = createHandler();
