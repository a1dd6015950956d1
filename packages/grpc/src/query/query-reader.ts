import {
  AggregationTemporality,
  AggregationType,
  MetricReader,
  type CollectionResult,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

/** Options of {@link QueryReader}. */
export interface QueryReaderOptions {
  /** Series limit per instrument, as the service's other readers. @default 2000 */
  readonly cardinalityLimit?: number;
  /** Producers collected besides the meter provider (a cluster primary's workers). @default none */
  readonly metricProducers?: readonly MetricProducer[];
}

/**
 * The reader behind `Query`, `Watch` and `ListInstruments`: collects only when a call asks,
 * cumulative, with default aggregations (views apply), no timers, no I/O. Like any reader it has
 * its own cumulative state in the engine (one more copy of each series). Before it joins a meter
 * provider a collection is an error the caller reports as UNAVAILABLE.
 */
export class QueryReader extends MetricReader {
  constructor(options: QueryReaderOptions = {}) {
    const limit = options.cardinalityLimit ?? 2000;
    super({
      aggregationSelector: () => ({ type: AggregationType.DEFAULT }),
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
      cardinalitySelector: () => limit,
      metricProducers: options.metricProducers ? [...options.metricProducers] : undefined,
    });
  }

  private joined = false;

  /** True once a meter provider took the reader: before, there is nothing to collect. */
  get ready(): boolean {
    return this.joined;
  }

  override setMetricProducer(producer: MetricProducer): void {
    super.setMetricProducer(producer);
    this.joined = true;
  }

  private inFlight: Promise<CollectionResult> | undefined;

  /**
   * Collects everything now, giving observable callbacks at most `timeoutMillis`. Calls that
   * arrive while a collection runs share it (the result is read-only), so a burst of queries and
   * watches costs one collection, not one each.
   */
  collectNow(timeoutMillis: number): Promise<CollectionResult> {
    this.inFlight ??= this.collect({ timeoutMillis }).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
