import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../lib/telemetry/logger';
import { publishMetrics } from '../lib/telemetry/publish-metrics';
import type { CallEventsContainer } from '../lib/outcomes/call-events-container';
import { getCallEventsContainer } from '../lib/outcomes/call-events-container';
import type { CallEventResult } from '../lib/outcomes/call-events';
import { handleCallEvent } from '../lib/outcomes/call-events';
import { logCallEvent } from '../lib/outcomes/log-call-event';

/**
 * Genesys's partner event bus → the outcome records of the calls this service placed. One event per
 * invocation (an EventBridge rule target). Throws only when the store failed or a `Call outcome`
 * event was not put, so that Lambda's bounded retries and then the DLQ take the event; a garbled
 * event is logged and dropped.
 */
export function createHandler(container: () => CallEventsContainer = getCallEventsContainer) {
  return middy<unknown, CallEventResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false })) // Genesys events hold full phone numbers: never logged
    .use(publishMetrics())
    .handler(async (event, context) => {
      const startedAt = Date.now();
      try {
        const { store, events } = container();
        const result = await handleCallEvent(event, { store, ...(events === undefined ? {} : { events }) }, startedAt + context.getRemainingTimeInMillis());
        logCallEvent(event, result, Date.now() - startedAt);
        return result;
      } catch (error) {
        logCallEvent(event, { result: 'failed', cause: error instanceof Error ? error.name : 'unknown' }, Date.now() - startedAt);
        throw error;
      }
    });
}

export const handler = createHandler();
