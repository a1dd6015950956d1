import type { Meter, MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { DEFAULT_UNIT_PRESETS, withUnitBuckets } from '@meterline/sdk';
import { defaultResource, type Resource } from '@opentelemetry/resources';
import { MeterProvider, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { InMemoryMetricReader, type Temporality } from './memory-reader.js';
import type { MetricsSnapshot } from './snapshot.js';

/** Options of {@link createTestMetrics}. */
export interface TestMetricsOptions {
  /** Views, as the SDK takes them. @default [] */
  readonly views?: ViewOptions[];
  /**
   * Apply Meterline's unit-aware buckets (`s`, `ms`, `By`), so histograms get the buckets they
   * get in production. @default true
   */
  readonly unitBuckets?: boolean;
  /** `delta` makes each collection report only what was recorded since the previous one. @default 'cumulative' */
  readonly temporality?: Temporality;
  /** The resource of every metric. @default the SDK's default resource */
  readonly resource?: Resource;
}

/** A private meter provider whose metrics a test reads back with `collect()`. */
export interface TestMetrics {
  /** Hand this to the code under test (it is not registered globally). */
  readonly meterProvider: ApiMeterProvider;
  /** Shorthand for `meterProvider.getMeter(name, version)`. */
  meter(name: string, version?: string): Meter;
  /** The reader behind `collect()`, for options the helpers do not cover. */
  readonly reader: InMemoryMetricReader;
  /** Collects everything recorded so far (observable callbacks run now). */
  collect(): Promise<MetricsSnapshot>;
  /** Shuts the provider down; later recordings are dropped. */
  shutdown(): Promise<void>;
}

/**
 * Creates a meter provider for one test, with an in-memory reader and no exporter, network or
 * global state. Typical use: create one per test, give `meter()` to the code under test, then
 * assert on `await collect()`.
 */
export function createTestMetrics(options: TestMetricsOptions = {}): TestMetrics {
  const reader = new InMemoryMetricReader({ temporality: options.temporality ?? 'cumulative' });
  const provider = new MeterProvider({
    resource: options.resource ?? defaultResource(),
    views: options.views ?? [],
    readers: [reader],
  });
  const meterProvider =
    (options.unitBuckets ?? true) ? withUnitBuckets(provider, DEFAULT_UNIT_PRESETS) : provider;
  return {
    meterProvider,
    meter: (name, version) => meterProvider.getMeter(name, version),
    reader,
    collect: () => reader.snapshot(),
    shutdown: () => provider.shutdown(),
  };
}
