import type { Attributes } from '@opentelemetry/api';
import {
  createJobServerMetrics,
  type JobServerMetrics,
} from '@meterline/instrumentation-job-server';
import { DataPointType, MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import { InMemoryMetricReader } from '@meterline/testing';

/** The job server's metrics on a private provider, and a reader of what they hold now. */
export function testMetrics(): {
  metrics: JobServerMetrics;
  /** Points of a sum or gauge as `{ "<attribute values joined by />": value }`; histograms: counts. */
  read(name: string): Promise<Record<string, number>>;
} {
  const reader = new InMemoryMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  return {
    metrics: createJobServerMetrics(provider.getMeter('test')),
    async read(name) {
      const { resourceMetrics } = await reader.collect();
      const metric: MetricData | undefined = resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === name);
      if (!metric) return {};
      const key = (a: Attributes) => Object.values(a).map(String).join('/');
      if (metric.dataPointType === DataPointType.HISTOGRAM) {
        return Object.fromEntries(metric.dataPoints.map((p) => [key(p.attributes), p.value.count]));
      }
      return Object.fromEntries(
        metric.dataPoints.map((p) => [key(p.attributes), p.value as number]),
      );
    },
  };
}
