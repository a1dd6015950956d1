import { diag } from '@opentelemetry/api';
import type {
  AggregationOption,
  CollectionResult,
  IMetricReader,
  MetricCollectOptions,
  MetricProducer,
} from '@opentelemetry/sdk-metrics';
import {
  AggregationTemporality,
  AggregationType,
  emptyResource,
  InstrumentType,
} from '@meterline/engine';
import { silentLogger, type Logger } from '@meterline/plugin';
import { DEFAULT_SLICE_MS } from './exposition/serialize.js';

/** Options of {@link PullMetricReader}. */
export interface PullMetricReaderOptions {
  /** Series limit per instrument; beyond it the SDK folds points into one overflow series. @default 2000 */
  readonly cardinalityLimit?: number;
  /**
   * Give the event loop a turn after this much collection work (checked between instruments).
   * @default 5
   */
  readonly sliceMs?: number;
  /** Told once when the producer cannot collect in slices. @default silent */
  readonly logger?: Logger;
  /**
   * Aggregation of histograms no view configures: `explicit` (buckets from advice or the SDK's
   * defaults) or `exponential` (base-2 exponential, served as native histograms over protobuf).
   * @default 'explicit'
   */
  readonly histogramAggregation?: 'explicit' | 'exponential';
  /**
   * Producers collected besides the meter provider, concurrently with it (a cluster primary's
   * merged data); their scopes follow the provider's, their errors join the result's. @default none
   */
  readonly metricProducers?: readonly MetricProducer[];
}

/**
 * A producer that collects in slices: Meterline's engine (`@meterline/engine`) marks the producer
 * it binds to each reader this way, and takes the slice length with each collection.
 */
interface SlicingProducer extends MetricProducer {
  readonly collectsInSlices: true;
  collect(
    options?: MetricCollectOptions & { sliceMs?: number; deferPoints?: boolean },
  ): Promise<CollectionResult>;
}

function slices(producer: MetricProducer | undefined): producer is SlicingProducer {
  return (producer as { collectsInSlices?: unknown } | undefined)?.collectsInSlices === true;
}

/**
 * A reader that only collects when asked (a scrape): cumulative temporality, default aggregations
 * (so histogram advice and views apply), and the configured series limit. No I/O, no timers.
 *
 * With Meterline's engine (the default), collections run in slices: the event loop gets a turn
 * between instruments, so a scrape of many series does not stall the service for the whole
 * collection. With `metrics.engine: sdk` the SDK's `collect()` runs in one synchronous pass, and the
 * reader says so once.
 *
 * It implements the SDK's `IMetricReader` contract (what the SDK's and the engine's meter providers
 * take) rather than extending its `MetricReader` class: loading that class loads all of
 * `@opentelemetry/sdk-metrics` (51 modules) on every service's start path, for behaviour this reader
 * restates below (`collect`, `shutdown`, `forceFlush` as `MetricReader` has them, the same errors
 * and diagnostics).
 */
export class PullMetricReader implements IMetricReader {
  private readonly sliceMs: number;
  private readonly logger: Logger;
  private readonly producers: readonly MetricProducer[];
  private readonly limit: number;
  private readonly exponential: boolean;
  private producer: MetricProducer | undefined;
  private closed = false;

  constructor(options: PullMetricReaderOptions = {}) {
    this.limit = options.cardinalityLimit ?? 2000;
    this.exponential = options.histogramAggregation === 'exponential';
    this.producers = options.metricProducers ? [...options.metricProducers] : [];
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.logger = options.logger ?? silentLogger;
  }

  /** True once the meter provider shut this reader down: no collection will succeed again. */
  get isShutdown(): boolean {
    return this.closed;
  }

  /** True once a meter provider has bound this reader: its collections then carry its data. */
  get joined(): boolean {
    return this.producer !== undefined;
  }

  /** True when collections run in slices; false when they run in the SDK's single pass. */
  get collectsInSlices(): boolean {
    return slices(this.producer);
  }

  /**
   * Collects, giving observable callbacks at most `timeoutMillis`. Before the reader joins a meter
   * provider (a scrape racing start-up) the collection is empty, not an error: there is nothing
   * recorded yet.
   *
   * `deferPoints` (for a consumer that writes points out one by one, as the scrape handler does):
   * with Meterline's engine, synchronous instruments' points are built as they are read, and the
   * engine's `deferredPoints(metric)` reads them one at a time without keeping them; every
   * metric's `dataPoints` is still complete for any other reader.
   */
  collectWithin(
    timeoutMillis: number,
    options: { deferPoints?: boolean } = {},
  ): Promise<CollectionResult> {
    if (this.closed) return Promise.reject(new Error('MetricReader is shutdown'));
    const producer = this.producer;
    if (producer === undefined) {
      return Promise.resolve({
        resourceMetrics: { resource: emptyResource(), scopeMetrics: [] },
        errors: [],
      });
    }
    if (!slices(producer)) return this.collect({ timeoutMillis });
    return this.withProducers(
      producer.collect({
        timeoutMillis,
        sliceMs: this.sliceMs,
        deferPoints: options.deferPoints ?? false,
      }),
      timeoutMillis,
    );
  }

  /** Adds the other producers' data to a sliced collection, as `MetricReader.collect()` does. */
  private async withProducers(
    own: Promise<CollectionResult>,
    timeoutMillis: number | undefined,
  ): Promise<CollectionResult> {
    if (this.producers.length === 0) return own;
    const [provider, ...others] = await Promise.all([
      own,
      ...this.producers.map((p) => p.collect({ timeoutMillis })),
    ]);
    return {
      resourceMetrics: {
        resource: provider.resourceMetrics.resource,
        scopeMetrics: provider.resourceMetrics.scopeMetrics.concat(
          others.flatMap((o) => o.resourceMetrics.scopeMetrics),
        ),
      },
      errors: provider.errors.concat(others.flatMap((o) => o.errors)),
    };
  }

  /** Histograms: exponential when so configured; every other instrument its default. */
  selectAggregation(type: InstrumentType): AggregationOption {
    return this.exponential && type === InstrumentType.HISTOGRAM
      ? { type: AggregationType.EXPONENTIAL_HISTOGRAM }
      : { type: AggregationType.DEFAULT };
  }

  /** Cumulative, as Prometheus reads counters and histograms. */
  selectAggregationTemporality(_type: InstrumentType): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  /** The configured series limit, for every instrument. */
  selectCardinalityLimit(_type: InstrumentType): number {
    return this.limit;
  }

  /**
   * One collection of the meter provider and the other producers, in one pass (`MetricReader`'s
   * `collect()`; scrapes use {@link collectWithin}). Rejects before a provider binds the reader and
   * after shutdown, as `MetricReader` does.
   */
  async collect(options?: { timeoutMillis?: number }): Promise<CollectionResult> {
    if (this.producer === undefined)
      throw new Error('MetricReader is not bound to a MetricProducer');
    if (this.closed) throw new Error('MetricReader is shutdown');
    const timeoutMillis = options?.timeoutMillis;
    return this.withProducers(this.producer.collect({ timeoutMillis }), timeoutMillis);
  }

  /** Nothing to release: later collections fail. A second call is reported, as `MetricReader` does. */
  shutdown(_options?: { timeoutMillis?: number }): Promise<void> {
    if (this.closed) {
      diag.error('Cannot call shutdown twice.');
      return Promise.resolve();
    }
    this.closed = true;
    return Promise.resolve();
  }

  /** Nothing is buffered: a pull reader has nothing to flush. */
  forceFlush(_options?: { timeoutMillis?: number }): Promise<void> {
    if (this.closed) diag.warn('Cannot forceFlush on already shutdown MetricReader.');
    return Promise.resolve();
  }

  /** Keeps the producer a meter provider binds; a reader joins one provider only. */
  setMetricProducer(producer: MetricProducer): void {
    if (this.producer !== undefined) {
      throw new Error('MetricReader can not be bound to a MeterProvider again.');
    }
    this.producer = producer;
    if (!slices(producer)) {
      this.logger.warn(
        "metrics collection runs in one pass (the meter provider is not Meterline's engine, metrics.engine: sdk); " +
          'large scrapes will block the event loop for the whole collection',
      );
    }
  }
}
