// Test helpers shared by the instrumentation packages' unit tests: a meter on its own provider
// with in-memory collection, and one served by our Prometheus handler for real scrapes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Attributes, Meter } from '@opentelemetry/api';
import { createPrometheusReader } from '@meterline/exporter-prometheus';
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';

/** A pull reader that keeps nothing: tests call `collect()` and look at the result. */
export class InMemoryReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** A meter on its own provider, and a way to read what was recorded. */
export interface TestMeter {
  readonly meter: Meter;
  /** Every metric of one collection, by instrument name. */
  collect(): Promise<Map<string, MetricData>>;
}

export function testMeter(): TestMeter {
  const reader = new InMemoryReader();
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('test'),
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length) throw new Error(`collection errors: ${errors.map(String).join('; ')}`);
      const byName = new Map<string, MetricData>();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
      }
      return byName;
    },
  };
}

/** `[attributes, value]` of every point of a sum or gauge, for `toEqual` on exact values. */
export function points(metric: MetricData | undefined): [Attributes, number][] {
  if (!metric) throw new Error('metric not collected');
  if (metric.dataPointType === DataPointType.HISTOGRAM) throw new Error('a histogram');
  return metric.dataPoints.map((p) => [p.attributes, p.value as number]);
}

/** The histogram point of a label-less histogram. */
export function histogram(metric: MetricData | undefined): Histogram {
  if (metric?.dataPointType !== DataPointType.HISTOGRAM) throw new Error('not a histogram');
  if (metric.dataPoints.length !== 1) {
    throw new Error(`expected one histogram point, got ${metric.dataPoints.length}`);
  }
  return metric.dataPoints[0]!.value;
}

/**
 * A meter whose metrics are served by our Prometheus exporter's handler on a loopback port, and a
 * function that scrapes it once: what a real scrape returns, names as Prometheus stores them.
 */
export async function scrapedMeter(scope: string): Promise<{
  meter: Meter;
  scrape(): Promise<string>;
  close(): Promise<void>;
}> {
  const { reader, handler } = createPrometheusReader();
  const provider = new MeterProvider({ readers: [reader] });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    meter: provider.getMeter(scope),
    scrape: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
    async close() {
      await provider.shutdown();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `# TYPE` lines of an exposition for names starting with `prefix`: metric name -> type. */
export function typesOf(exposition: string, prefix: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (match[1]!.startsWith(prefix)) types.set(match[1]!, match[2]!);
  }
  return types;
}
