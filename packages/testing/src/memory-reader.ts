import {
  AggregationTemporality,
  InstrumentType,
  MetricReader,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { MetricsSnapshot } from './snapshot.js';

/** `cumulative`: running totals; `delta`: what was recorded since the previous collection. */
export type Temporality = 'cumulative' | 'delta';

/** Options of {@link InMemoryMetricReader}. */
export interface InMemoryMetricReaderOptions {
  /**
   * Temporality of counters and histograms (up-down counters and gauges stay cumulative, as the
   * OTLP delta preference has them). @default 'cumulative'
   */
  readonly temporality?: Temporality;
  /** Producers collected besides the meter provider (a cluster primary's merged data). @default none */
  readonly metricProducers?: readonly MetricProducer[];
}

/**
 * A pull reader that keeps nothing between collections: each `snapshot()` (or `collect()`) asks
 * the meter provider for the current state. Register it with a `MeterProvider` (or through the
 * `memory` plug-in); before that, `snapshot()` rejects.
 */
export class InMemoryMetricReader extends MetricReader {
  constructor(options: InMemoryMetricReaderOptions = {}) {
    const delta = (options.temporality ?? 'cumulative') === 'delta';
    super({
      aggregationTemporalitySelector: (type) =>
        delta && deltaCapable(type)
          ? AggregationTemporality.DELTA
          : AggregationTemporality.CUMULATIVE,
      metricProducers: options.metricProducers ? [...options.metricProducers] : undefined,
    });
  }

  /**
   * Collects now and wraps the result in finders.
   * @throws {Error} when collection reported errors (a throwing observable callback, say).
   */
  async snapshot(): Promise<MetricsSnapshot> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) {
      throw new Error(
        `metrics collection reported ${errors.length} error(s): ${errors.map(String).join('; ')}`,
      );
    }
    return new MetricsSnapshot(resourceMetrics);
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

function deltaCapable(type: InstrumentType): boolean {
  return (
    type === InstrumentType.COUNTER ||
    type === InstrumentType.HISTOGRAM ||
    type === InstrumentType.OBSERVABLE_COUNTER
  );
}
