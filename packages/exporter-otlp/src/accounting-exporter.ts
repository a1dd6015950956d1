import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Logger } from '@meterline/plugin';
import type { DeliveryMetrics } from './delivery-metrics.js';
import { failureReason } from './failure-reason.js';

/** What {@link AccountingExporter} needs besides the exporter it wraps. */
export interface AccountingOptions {
  /** Where the counts go. */
  readonly metrics: DeliveryMetrics;
  /** Where failures and recoveries are logged, once per change of state. */
  readonly logger: Logger;
  /** The receiver, for log lines. */
  readonly url: string;
  /** gRPC errors carry gRPC status codes, HTTP errors HTTP status codes. */
  readonly grpc: boolean;
}

/** Data points in one export: what the delivery counters count. */
export function countPoints(resourceMetrics: ResourceMetrics): number {
  let points = 0;
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) points += metric.dataPoints.length;
  }
  return points;
}

/**
 * Wraps a stock OTLP exporter and accounts for every export it finishes: points exported or
 * failed, failures by reason, duration; partial successes arrive through {@link rejected}. Logs
 * the first failure, a change of reason and the recovery, never one line per interval.
 *
 * Adds no buffering: the stock exporter drops a failed batch and the next interval's cumulative
 * totals supersede it, so memory stays bounded whatever the outage.
 */
export class AccountingExporter implements PushMetricExporter {
  private failingSince: { reason: string; count: number } | undefined;
  private lastRejection: string | undefined;

  constructor(
    private readonly inner: PushMetricExporter,
    private readonly options: AccountingOptions,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const points = countPoints(metrics);
    const started = performance.now();
    let settled = false;
    const finish = (result: ExportResult) => {
      if (settled) return;
      settled = true;
      const seconds = (performance.now() - started) / 1000;
      try {
        if (result.code === ExportResultCode.SUCCESS) {
          this.options.metrics.exported(points, seconds);
          this.recovered();
        } else {
          const reason = failureReason(result.error, this.options.grpc);
          this.options.metrics.failed(points, reason, seconds);
          this.failing(reason, result.error);
        }
      } finally {
        resultCallback(result);
      }
    };
    try {
      this.inner.export(metrics, finish);
    } catch (error) {
      finish({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  /** The receiver accepted an export but rejected `points` of its points, saying `message`. */
  rejected(points: number, message: string | undefined): void {
    this.options.metrics.rejected(points);
    const text = `${points}: ${message ?? ''}`;
    if (points > 0 && text !== this.lastRejection) {
      this.options.logger.warn(
        `OTLP receiver ${this.options.url} rejected ${points} data point(s)` +
          (message ? `: ${message}` : ''),
      );
    }
    this.lastRejection = text;
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality!(instrumentType);
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.inner.selectAggregation!(instrumentType);
  }

  private failing(reason: string, error: Error | undefined) {
    if (this.failingSince?.reason === reason) {
      this.failingSince.count++;
      return;
    }
    this.failingSince = { reason, count: (this.failingSince?.count ?? 0) + 1 };
    this.options.logger.warn(
      `OTLP export to ${this.options.url} failed (${reason}${error ? `: ${error.message}` : ''}); ` +
        'trying again every interval, cumulative totals are kept until it succeeds',
    );
  }

  private recovered() {
    if (!this.failingSince) return;
    this.options.logger.info(
      `OTLP export to ${this.options.url} succeeded again after ${this.failingSince.count} failed export(s)`,
    );
    this.failingSince = undefined;
  }
}
