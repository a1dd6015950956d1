import type { Logger } from '@meterline/plugin';
import { silentLogger } from '@meterline/plugin';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
import { PullMetricReader } from './pull-reader.js';
import {
  createScrapeHandler,
  type MetricsHandler,
  type ScrapeHandlerOptions,
} from './scrape-handler.js';
import { SelfMetrics } from './self-metrics.js';

/** Options of {@link createPrometheusReader}; all optional. */
export interface PrometheusReaderOptions extends Partial<
  Omit<ScrapeHandlerOptions, 'reader' | 'selfMetrics' | 'logger'>
> {
  /** Series limit per instrument. @default 2000 */
  readonly cardinalityLimit?: number;
  /** Where collection errors and dropped streams are reported. @default silent */
  readonly logger?: Logger;
  /** Aggregation of histograms no view configures. @default 'explicit' */
  readonly histogramAggregation?: 'explicit' | 'exponential';
  /** Producers collected besides the meter provider (a cluster primary's merged data). @default none */
  readonly metricProducers?: readonly MetricProducer[];
}

/** A pull reader and the handler that serves what it collects. */
export interface PrometheusReader {
  /**
   * Give this to the meter provider (or let `startTelemetry` do it through the plug-in). Its
   * `collectWithin()` is the collection the handler serves, for use without HTTP.
   */
  readonly reader: PullMetricReader;
  /** Answers GET and HEAD with the exposition; other methods get 405. */
  readonly handler: MetricsHandler;
  /** The endpoint's own counters (scrapes by code, errors, bytes), also in every exposition. */
  readonly selfMetrics: SelfMetrics;
}

/**
 * Creates a Prometheus pull reader and its scrape handler. No I/O: nothing is served until the
 * handler is mounted on a server (the service's own, at any path, or `startMetricsServer`).
 */
export function createPrometheusReader(options: PrometheusReaderOptions = {}): PrometheusReader {
  const logger = options.logger ?? silentLogger;
  const reader = new PullMetricReader({
    cardinalityLimit: options.cardinalityLimit,
    sliceMs: options.exposition?.sliceMs,
    logger,
    histogramAggregation: options.histogramAggregation,
    metricProducers: options.metricProducers,
  });
  const selfMetrics = new SelfMetrics();
  const handler = createScrapeHandler({ ...options, reader, selfMetrics, logger });
  return { reader, handler, selfMetrics };
}
