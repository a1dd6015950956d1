import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  InstrumentType,
  MetricReader,
  type CollectionResult,
} from '@opentelemetry/sdk-metrics';
import { silentLogger, type Logger } from '@meterline/sdk';
import { DEFAULT_SLICE_MS } from './exposition/serialize.js';
import { slicedCollection, unsupportedProducer, type SlicedCollect } from './sliced-collection.js';

/** Options of {@link PullMetricReader}. */
export interface PullMetricReaderOptions {
  /** Series limit per instrument; beyond it the SDK folds points into one overflow series. @default 2000 */
  readonly cardinalityLimit?: number;
  /**
   * Give the event loop a turn after this much collection work (checked between instruments).
   * @default 5
   */
  readonly sliceMs?: number;
  /** Told once when the SDK cannot be collected in slices. @default silent */
  readonly logger?: Logger;
  /**
   * Aggregation of histograms no view configures: `explicit` (buckets from advice or the SDK's
   * defaults) or `exponential` (base-2 exponential, served as native histograms over protobuf).
   * @default 'explicit'
   */
  readonly histogramAggregation?: 'explicit' | 'exponential';
}

/**
 * A reader that only collects when asked (a scrape): cumulative temporality, default aggregations
 * (so histogram advice and views apply), and the configured series limit. No I/O, no timers.
 *
 * Collections run in slices (see `slicedCollection`): the event loop gets a turn between
 * instruments, so a scrape of many series does not stall the service for the whole collection.
 */
export class PullMetricReader extends MetricReader {
  private readonly sliceMs: number;
  private readonly logger: Logger;
  private sliced: SlicedCollect | undefined;
  private bound = false;
  private closed = false;

  constructor(options: PullMetricReaderOptions = {}) {
    const limit = options.cardinalityLimit ?? 2000;
    const exponential = options.histogramAggregation === 'exponential';
    super({
      aggregationSelector: (type) =>
        exponential && type === InstrumentType.HISTOGRAM
          ? { type: AggregationType.EXPONENTIAL_HISTOGRAM }
          : { type: AggregationType.DEFAULT },
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
      cardinalitySelector: () => limit,
    });
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.logger = options.logger ?? silentLogger;
  }

  /** True once the meter provider shut this reader down: no collection will succeed again. */
  get isShutdown(): boolean {
    return this.closed;
  }

  /** True when collections run in slices; false when they fall back to the SDK's single pass. */
  get collectsInSlices(): boolean {
    return this.sliced !== undefined;
  }

  /**
   * Collects, giving observable callbacks at most `timeoutMillis` (the SDK enforces it). Before
   * the reader joins a meter provider (a scrape racing start-up) the collection is empty, not an
   * error: there is nothing recorded yet.
   */
  collectWithin(timeoutMillis: number): Promise<CollectionResult> {
    if (this.closed) return Promise.reject(new Error('MetricReader is shutdown'));
    if (!this.bound) {
      return Promise.resolve({
        resourceMetrics: { resource: emptyResource(), scopeMetrics: [] },
        errors: [],
      });
    }
    if (this.sliced) return this.sliced(timeoutMillis, this.sliceMs);
    return this.collect({ timeoutMillis });
  }

  protected override onInitialized(): void {
    this.bound = true;
    const producer = (this as unknown as { _sdkMetricProducer?: unknown })._sdkMetricProducer;
    this.sliced = slicedCollection(producer);
    if (!this.sliced) {
      this.logger.warn(
        `metrics collection runs in one pass (${unsupportedProducer(producer) ?? 'unknown reason'}); ` +
          'large scrapes will block the event loop for the whole collection',
      );
    }
  }

  protected override onShutdown(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
