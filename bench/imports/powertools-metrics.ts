import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** lib/telemetry/metrics.ts's import, and one count published (one EMF line). */
const metrics = new Metrics({ namespace: 'GenesysOutboundCall', serviceName: 'bench' });

export function firstUse(): void {
  metrics.addMetric('CallsPlaced', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
