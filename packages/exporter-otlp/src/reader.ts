import type { MeterProvider } from '@opentelemetry/api';
import { silentLogger, type DeliveryTotals, type Logger } from '@meterline/plugin';
import {
  PeriodicExportingMetricReader,
  type MetricProducer,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';
import { AccountingExporter } from './accounting-exporter.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import {
  otlpOptionsSchema,
  resolveMetricsUrl,
  type OtlpOptions,
  type OtlpOptionsInput,
} from './options.js';
import { CumulativeToDeltaProducer } from './cumulative-to-delta.js';
import { readTlsFiles } from './tls-files.js';

/**
 * Exports in flight at once. One per interval is the steady state; the second slot absorbs an
 * export that times out just as the next interval starts. Anything beyond fails at once
 * (`concurrency_limit`) instead of queueing a payload.
 */
const CONCURRENCY_LIMIT = 2;

/** Options of {@link createOtlpReader}. */
export interface OtlpReaderOptions {
  /** Receiver, protocol, headers, timeout, compression, temporality. @default all defaults */
  readonly otlp?: OtlpOptionsInput;
  /** Time between exports (`OTEL_METRIC_EXPORT_INTERVAL`). @default 60000 */
  readonly exportIntervalMillis?: number;
  /**
   * Longest time one collect-and-export may take (`OTEL_METRIC_EXPORT_TIMEOUT`); clamped to the
   * interval, so an export never overlaps the next one. @default 30000
   */
  readonly exportTimeoutMillis?: number;
  /** Where failures, recoveries and rejections are logged. @default silent */
  readonly logger?: Logger;
  /**
   * Where the delivery self-metrics are recorded.
   * @default the global meter provider, looked up at each export
   */
  readonly meterProvider?: MeterProvider;
  /** Producers collected besides the meter provider (a cluster primary's merged data). @default none */
  readonly metricProducers?: readonly MetricProducer[];
}

/** A periodic OTLP push reader and where it pushes. */
export interface OtlpReader {
  /** Give it to the meter provider; its shutdown pushes one last time, then closes the exporter. */
  readonly reader: MetricReader;
  /** The URL exports go to (without any credentials it contained). */
  readonly url: string;
  /** The options in force, after defaults. */
  readonly options: OtlpOptions;
  /** The export timeout in force, after clamping to the interval and the reader's timeout. */
  readonly requestTimeoutMillis: number;
  /** The delivery accounting so far (what the `meterline_otlp_*` self-metrics count). */
  delivery(): DeliveryTotals;
}

/**
 * Creates a periodic OTLP push reader on the stock OTel exporter, with delivery accounting.
 * Does no network I/O: the first export happens one interval after the meter provider takes it.
 *
 * Timeouts: the reader gives up on a collect-and-export after `min(exportTimeoutMillis,
 * exportIntervalMillis)`, and the request itself (retries included) after the smaller of that and
 * `otlp.timeoutMillis`, so a receiver that never answers cannot pile requests up.
 *
 * @throws {Error} naming the option when `otlp` is invalid.
 */
export async function createOtlpReader(options: OtlpReaderOptions = {}): Promise<OtlpReader> {
  const parsed = otlpOptionsSchema.safeParse(options.otlp ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`invalid OTLP exporter options: ${problems.join('; ')}`);
  }
  const otlp = parsed.data;
  const logger = options.logger ?? silentLogger;
  const interval = options.exportIntervalMillis ?? 60_000;
  const readerTimeout = Math.min(options.exportTimeoutMillis ?? 30_000, interval);
  const requestTimeout = Math.min(otlp.timeoutMillis, readerTimeout);
  const url = resolveMetricsUrl(otlp);
  const shownUrl = withoutCredentials(url);

  // Partial successes arrive through the serializer, inside an export the accounting wraps.
  // Imported here: the stock OTLP exporter and its transformer are a hundred modules a service
  // that ships this plug-in without enabling it never needs.
  const { createStockExporter } = await import('./stock-exporter.js');
  const stock = await createStockExporter({
    protocol: otlp.protocol,
    url,
    headers: { ...otlp.headers, ...otlp.metricsHeaders },
    timeoutMillis: requestTimeout,
    compression: otlp.compression,
    temporality: otlp.temporality,
    histogramAggregation: otlp.histogramAggregation,
    concurrencyLimit: CONCURRENCY_LIMIT,
    tls: readTlsFiles(otlp),
    onPartialSuccess: (points, message) => accounting.rejected(points, message),
  });
  const delivery = new DeliveryMetrics(options.meterProvider);
  const accounting = new AccountingExporter(stock, {
    metrics: delivery,
    logger,
    url: shownUrl,
    grpc: otlp.protocol === 'grpc',
  });
  const reader = new PeriodicExportingMetricReader({
    exporter: accounting,
    exportIntervalMillis: interval,
    exportTimeoutMillis: readerTimeout,
    // Producers' data skips the reader's temporality selector: convert it where delta is preferred.
    metricProducers: options.metricProducers?.map((producer) =>
      otlp.temporality === 'cumulative'
        ? producer
        : new CumulativeToDeltaProducer(producer, (type) =>
            accounting.selectAggregationTemporality(type),
          ),
    ),
  });
  return {
    reader,
    url: shownUrl,
    options: otlp,
    requestTimeoutMillis: requestTimeout,
    delivery: () => delivery.totals(),
  };
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
