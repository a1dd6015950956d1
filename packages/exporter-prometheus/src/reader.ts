import type { Logger } from '@meterline/plugin';
import { silentLogger } from '@meterline/plugin';
import type { MeterProvider } from '@opentelemetry/api';
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
  /**
   * Where the endpoint's self-metrics (`meterline_prometheus_*`) are created: the meter provider
   * this reader joins, so they are served with everything else. Taken lazily, once the reader has
   * joined a provider, so a stand-in that forwards to a provider created later works (the plug-in
   * passes its context's). Readers of several endpoints joined to one provider share them (see
   * README).
   * @default the global meter provider, looked up at each scrape
   */
  readonly meterProvider?: MeterProvider;
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
  /**
   * The endpoint's own counters (scrapes by code, errors, bytes) as plain numbers; the same
   * counts are the `meterline_prometheus_*` instruments of the meter provider.
   */
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
  const selfMetrics = new SelfMetrics({
    meterProvider: options.meterProvider,
    ready: () => reader.joined,
  });
  const handler = createScrapeHandler({ ...options, reader, selfMetrics, logger });
  return { reader, handler, selfMetrics };
}
