/**
 * The CloudWatch embedded metric format (EMF) lines a piece of code prints on stdout, as CloudWatch
 * Logs would read them out of the function's log stream.
 */

export interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }>;
  };
  [member: string]: unknown;
}

/** One metric value as CloudWatch would file it: namespace, name, unit, dimensions and value(s). */
export interface EmfMetric {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, unknown>;
  value: unknown;
}

/** Runs `act` and returns what it returned and the EMF lines it printed (they still reach stdout). */
export async function captureEmf<T>(act: () => Promise<T> | T): Promise<{ result: T; lines: EmfLine[] }> {
  const lines: EmfLine[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    for (const line of text.split('\n')) {
      if (line.startsWith('{"_aws":')) lines.push(JSON.parse(line) as EmfLine);
    }
    return (write as (chunk: unknown, ...rest: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    return { result: await act(), lines };
  } finally {
    process.stdout.write = write;
  }
}

/** Every metric of the lines, one entry per metric and dimension set. */
export function metricsOf(lines: EmfLine[]): EmfMetric[] {
  return lines.flatMap((line) =>
    line._aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Dimensions.flatMap((set) =>
        directive.Metrics.map((metric) => ({
          namespace: directive.Namespace,
          name: metric.Name,
          unit: metric.Unit,
          dimensions: Object.fromEntries(set.map((dimension) => [dimension, line[dimension]])),
          value: line[metric.Name],
        })),
      ),
    ),
  );
}

/** The sum of a metric's values over the lines, per `code` dimension (`-` where it has none). */
export function totalsByCode(lines: EmfLine[], name: string): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const metric of metricsOf(lines).filter((entry) => entry.name === name)) {
    const code = typeof metric.dimensions.code === 'string' ? metric.dimensions.code : '-';
    const values = Array.isArray(metric.value) ? (metric.value as number[]) : [metric.value as number];
    totals[code] = (totals[code] ?? 0) + values.reduce((sum, value) => sum + value, 0);
  }
  return totals;
}
