import {
  DataPointType,
  MeterProvider,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemoryMetricReader } from '@meterline/testing';
import type { Meter } from '@opentelemetry/api';

/** A real SDK meter provider with a pull reader: `collect()` returns every metric by name. */
export function testMeter(): {
  meter: Meter;
  collect(): Promise<Map<string, MetricData>>;
  shutdown(): Promise<void>;
} {
  const reader = new InMemoryMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('test'),
    async collect() {
      const { resourceMetrics } = await reader.collect();
      return new Map(
        resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]),
      );
    },
    shutdown: () => provider.shutdown(),
  };
}

/** Each point's value (histograms: count) keyed by its attribute values joined with `/`. */
export function points(metric: MetricData | undefined): Record<string, number> {
  if (!metric) throw new Error('metric not collected');
  const out: Record<string, number> = {};
  for (const point of metric.dataPoints) {
    const key = Object.values(point.attributes).map(String).join('/') || '-';
    out[key] =
      metric.dataPointType === DataPointType.HISTOGRAM
        ? (point as DataPoint<Histogram>).value.count
        : (point.value as number);
  }
  return out;
}

/** Bucket boundaries of a histogram's first point. */
export function boundaries(metric: MetricData | undefined): number[] {
  const point = metric?.dataPoints[0] as DataPoint<Histogram> | undefined;
  if (!point) throw new Error('no histogram point');
  return point.value.buckets.boundaries;
}
