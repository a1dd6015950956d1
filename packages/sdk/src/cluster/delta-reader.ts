import {
  AggregationTemporality,
  AggregationType,
  MetricReader,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';

/** Options of {@link DeltaReader}. */
export interface DeltaReaderOptions {
  /** Series limit per instrument, as the exporters' readers would have. @default 2000 */
  readonly cardinalityLimit?: number;
  /** Called by `forceFlush()` and, before the reader closes, by `shutdown()`. */
  readonly onFlush?: () => Promise<void>;
}

/**
 * The reader of a worker's (and the primary's own) meter provider in a cluster: DELTA temporality
 * for every instrument, so each collection holds only what changed since the previous one (the
 * primary keeps the cumulative state), default aggregations (views and histogram advice apply).
 */
export class DeltaReader extends MetricReader {
  private readonly onFlush: (() => Promise<void>) | undefined;

  constructor(options: DeltaReaderOptions = {}) {
    const limit = options.cardinalityLimit ?? 2000;
    super({
      aggregationSelector: () => ({ type: AggregationType.DEFAULT }),
      aggregationTemporalitySelector: () => AggregationTemporality.DELTA,
      cardinalitySelector: () => limit,
    });
    this.onFlush = options.onFlush;
  }

  /** What changed since the previous call (points with no recording in between are absent). */
  async collectDelta(
    timeoutMillis?: number,
  ): Promise<{ scopes: ScopeMetrics[]; errors: unknown[] }> {
    const { resourceMetrics, errors } = await this.collect({ timeoutMillis });
    const scopes = resourceMetrics.scopeMetrics
      .map((s) => ({ scope: s.scope, metrics: s.metrics.filter((m) => m.dataPoints.length > 0) }))
      .filter((s) => s.metrics.length > 0);
    return { scopes, errors };
  }

  protected override async onForceFlush(): Promise<void> {
    await this.onFlush?.();
  }

  // The SDK marks the reader shut down only after this resolves: a final collection still works.
  protected override async onShutdown(): Promise<void> {
    await this.onFlush?.();
  }
}
