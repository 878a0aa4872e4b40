import type { MiddlewareObj } from '@middy/core';
import type { ServiceMetrics } from './metrics';
import { metrics as defaultMetrics } from './metrics';

const defaults = {
  // Whose recorded metrics are printed.
  metrics: defaultMetrics as ServiceMetrics,
};

/**
 * Prints the invocation's metrics (EMF lines) when it ends, answered or failed, so that CloudWatch
 * files them with the invocation's log lines.
 */
export function publishMetrics(options: Partial<typeof defaults> = {}): MiddlewareObj {
  const { metrics } = { ...defaults, ...options };
  const publishMetricsAfter: MiddlewareObj['after'] = () => metrics.publish();
  const publishMetricsOnError: MiddlewareObj['onError'] = () => metrics.publish();
  return { after: publishMetricsAfter, onError: publishMetricsOnError };
}
