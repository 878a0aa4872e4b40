import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import { runDialer } from '../lib/queue/dialer';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';

/** The dial queue's consumer: Lambda's SQS event source mapping → one call per message, at the stack's pace. */
export function createHandler(container: () => Container = getContainer) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false })) // messages hold full phone numbers: never logged
    .use(publishMetrics())
    .handler((event, context) => runDialer(event, context, () => container().dialer()));
}

export const handler = createHandler();
