import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Container } from '../lib/container';
import { getContainer } from '../lib/container';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';
import type { ScheduledCallsResult } from '../lib/scheduled/result';
import { runScheduledCalls } from '../lib/scheduled/scheduled-calls';

/**
 * EventBridge schedule → the calls listed in its input (`{"calls": [...]}`, or `detail.calls` of
 * the event envelope), queued as one batch for the dialer. EventBridge invokes asynchronously, so
 * what this returns is only logged; it throws when the list was not wholly queued, so that Lambda
 * retries (the retry completes the same batch, see runScheduledCalls).
 */
export function createHandler(container: () => Container = getContainer) {
  return middy<unknown, ScheduledCallsResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false })) // events hold full phone numbers: never logged
    .use(publishMetrics())
    .handler((event, context) => runScheduledCalls(event, context, () => container().batches));
}

export const handler = createHandler();
