import { z, type ExporterPlugin } from '@meterline/plugin';
import { InMemoryMetricReader } from './memory-reader.js';
import type { MetricsSnapshot } from './snapshot.js';

const memoryOptionsSchema = z.strictObject({
  /** `delta` reports only what was recorded since the previous collection. @default 'cumulative' */
  temporality: z.enum(['cumulative', 'delta']).default('cumulative'),
});

/** Options of the `memory` plug-in. */
export type MemoryOptions = z.output<typeof memoryOptionsSchema>;

/** The `memory` plug-in plus a handle on the reader it created. */
export interface MemoryExporter extends ExporterPlugin<MemoryOptions> {
  /**
   * Collects from the provider `startTelemetry` built, views and unit buckets included.
   * @throws {Error} before `startTelemetry` has created the plug-in.
   */
  collect(): Promise<MetricsSnapshot>;
}

/**
 * A `memory` exporter plug-in, to test a service's real telemetry wiring (config, views, unit
 * buckets) without a network: pass it to `startTelemetry` with `metrics.exporters: ['memory']`,
 * then `collect()`. Each call returns a fresh plug-in; one plug-in serves one `startTelemetry`.
 */
export function memoryExporter(): MemoryExporter {
  let reader: InMemoryMetricReader | undefined;
  return {
    name: 'memory',
    optionsSchema: memoryOptionsSchema,
    create(options, context) {
      reader = new InMemoryMetricReader({
        temporality: options.temporality,
        metricProducers: context.metricProducers,
      });
      return Promise.resolve({ reader, endpoints: [] });
    },
    collect() {
      if (!reader) {
        return Promise.reject(
          new Error('the memory plug-in has not been started: pass it to startTelemetry first'),
        );
      }
      return reader.snapshot();
    },
  };
}
