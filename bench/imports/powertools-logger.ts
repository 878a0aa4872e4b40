import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';

/** lib/telemetry/logger.ts and functions/create-call.ts's imports, and one line logged. */
export const logger = new Logger({ serviceName: 'bench' });
export const middleware = injectLambdaContext(logger, { resetKeys: true });

export function firstUse(): void {
  logger.info('first use', { outcome: 'bench' });
}
