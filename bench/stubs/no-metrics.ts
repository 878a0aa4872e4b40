/**
 * `@aws-lambda-powertools/metrics` for the bench's "ours, no metrics" only (an esbuild alias in
 * bench/build.ts, never in what deploys): the API lib/telemetry/metrics.ts uses, doing nothing. The same
 * createCall bundle with and without Powertools Metrics then run side by side in the same rounds,
 * so what metrics cost a cold start is measured directly, not added up part by part.
 */
export const MetricUnit = { Count: 'Count', Milliseconds: 'Milliseconds' } as const;

export class Metrics {
  addMetric(): void {}

  addDimension(): void {}

  singleMetric(): Metrics {
    return this;
  }

  hasStoredMetrics(): boolean {
    return false;
  }

  publishStoredMetrics(): void {}
}
