import type { MetricData, MetricReader } from '@opentelemetry/sdk-metrics';

/**
 * Collects from `reader` until `ready` accepts the metrics (by name), at most `timeoutMs`. Runtime
 * metrics appear once the process produced the data (a GC ran, the delay monitor has 5 samples),
 * so a test waits on that condition instead of sleeping.
 */
export async function pollCollect(
  reader: MetricReader,
  ready: (metrics: ReadonlyMap<string, MetricData>) => boolean,
  timeoutMs = 10_000,
): Promise<Map<string, MetricData>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length) throw new Error(`collection errors: ${errors.map(String).join('; ')}`);
    const out = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.dataPoints.length) out.set(metric.descriptor.name, metric);
      }
    }
    if (ready(out)) return out;
    if (Date.now() > deadline) {
      throw new Error(
        `runtime metrics not ready after ${timeoutMs} ms; have ${[...out.keys()].join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
