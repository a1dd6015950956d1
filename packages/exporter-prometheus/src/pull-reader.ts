import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  MetricReader,
  type CollectionResult,
} from '@opentelemetry/sdk-metrics';

/** Options of {@link PullMetricReader}. */
export interface PullMetricReaderOptions {
  /** Series limit per instrument; beyond it the SDK folds points into one overflow series. @default 2000 */
  readonly cardinalityLimit?: number;
}

/**
 * A reader that only collects when asked (a scrape): cumulative temporality, default aggregations
 * (so histogram advice and views apply), and the configured series limit. No I/O, no timers.
 */
export class PullMetricReader extends MetricReader {
  constructor(options: PullMetricReaderOptions = {}) {
    const limit = options.cardinalityLimit ?? 2000;
    super({
      aggregationSelector: () => ({ type: AggregationType.DEFAULT }),
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
      cardinalitySelector: () => limit,
    });
  }

  private bound = false;

  /**
   * Collects, giving observable callbacks at most `timeoutMillis` (the SDK enforces it). Before
   * the reader joins a meter provider (a scrape racing start-up) the collection is empty, not an
   * error: there is nothing recorded yet.
   */
  collectWithin(timeoutMillis: number): Promise<CollectionResult> {
    if (!this.bound) {
      return Promise.resolve({
        resourceMetrics: { resource: emptyResource(), scopeMetrics: [] },
        errors: [],
      });
    }
    return this.collect({ timeoutMillis });
  }

  protected override onInitialized(): void {
    this.bound = true;
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
