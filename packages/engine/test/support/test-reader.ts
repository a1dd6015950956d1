import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';

/**
 * A `MetricReader` for the engine's tests: one temporality, an optional cardinality limit, nothing
 * to flush or shut down. Tests add the read-out they need (`collect()` is the reader's own).
 */
export class TestReader extends MetricReader {
  constructor(temporality = AggregationTemporality.CUMULATIVE, limit?: number) {
    super({
      aggregationTemporalitySelector: () => temporality,
      ...(limit === undefined ? {} : { cardinalitySelector: () => limit }),
    });
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
