import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import type { ApiGatewayEvent } from '../lib/http/api-gateway';
import { createCallApi } from '../lib/http/create-call-api';
import { outOfTime } from '../lib/http/out-of-time';
import { problemResponse } from '../lib/http/problem-response';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';

/** `POST /calls` behind API Gateway (REST API or HTTP API): places one outbound call. */
export function createHandler(container: () => Container = getContainer) {
  // Out of time, the answer is genesys_timeout (the call may have been placed), not middy's TimeoutError.
  return middy<ApiGatewayEvent, APIGatewayProxyResult, Error, Context>({ timeoutEarlyResponse: outOfTime })
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false })) // events hold full phone numbers: never logged
    .use(publishMetrics())
    .use(problemResponse({ logger }))
    .handler((event, context) => createCallApi(event, context, container));
}

export const handler = createHandler();
