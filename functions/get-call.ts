import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import type { ApiGatewayEvent } from '../lib/http/api-gateway';
import { getCallApi } from '../lib/http/get-call-api';
import { problemResponse } from '../lib/http/problem-response';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';

/** `GET /calls/{conversationId}` behind API Gateway: the outcome of a call this service placed. */
export function createHandler(container: () => Container = getContainer) {
  return middy<ApiGatewayEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(publishMetrics())
    .use(problemResponse({ logger }))
    .handler((event, context) =>
      getCallApi(event, context, () => {
        const { calls, genesys, config, outcomeEvents, later } = container();
        return {
          store: calls,
          genesys,
          later,
          lookupAfterMs: config.calls.lookupAfterSeconds * 1000,
          readAccess: config.calls.readAccess,
          ...(outcomeEvents === undefined ? {} : { events: outcomeEvents }),
        };
      }),
    );
}

export const handler = createHandler();
