import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import type { ApiGatewayEvent } from '../lib/http/api-gateway';
import { createCallApi } from '../lib/http/create-call-api';
import { problemResponse } from '../lib/http/problem-response';
import { logger } from '../lib/logger';

/** `POST /calls` behind API Gateway (REST API or HTTP API): places one outbound call. */
export function createHandler(container: () => Container = getContainer) {
  return middy<ApiGatewayEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false })) // events hold full phone numbers: never logged
    .use(problemResponse({ logger }))
    .handler((event, context) => createCallApi(event, context, container));
}

export const handler = createHandler();
