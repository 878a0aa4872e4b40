import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import type { ApiGatewayEvent } from '../lib/http/api-gateway';
import { problemResponse } from '../lib/http/problem-response';
import { addSuppressionsApi } from '../lib/suppression/suppressions-api';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';

/** `POST /suppressions` behind API Gateway: lists up to 1,000 numbers that must not be called. */
export function createHandler(container: () => Container = getContainer) {
  return middy<ApiGatewayEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false })) // bodies hold full phone numbers: never logged
    .use(publishMetrics())
    .use(problemResponse({ logger }))
    .handler((event, context) => addSuppressionsApi(event, context, container));
}

export const handler = createHandler();
