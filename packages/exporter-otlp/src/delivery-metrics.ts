import { metrics, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import type { DeliveryTotals } from '@meterline/plugin';

/** The instrument names of the delivery self-metrics, as Prometheus shows them. */
export const DELIVERY_METRIC_NAMES = {
  pointsExported: 'meterline_otlp_points_exported_total',
  pointsFailed: 'meterline_otlp_points_failed_total',
  pointsRejected: 'meterline_otlp_points_rejected_total',
  exportsFailed: 'meterline_otlp_exports_failed_total',
  exportDuration: 'meterline_otlp_export_duration_seconds',
} as const;

const SCOPE = '@meterline/exporter-otlp';
/** Seconds: 5 ms … 30 s, to see a receiver slow down well before the export timeout. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Instruments {
  readonly provider: MeterProvider;
  readonly pointsExported: Counter;
  readonly pointsFailed: Counter;
  readonly pointsRejected: Counter;
  readonly exportsFailed: Counter;
  readonly exportDuration: Histogram;
}

/**
 * Records what happened to each export. Instruments come from `provider` when one is given,
 * otherwise from the global meter provider, looked up again at each record: the plug-in is
 * created before `startTelemetry` registers its provider, and a meter taken from the API before
 * that would stay a no-op for good. So the self-metrics live in the service's own provider and
 * reach every reader, the Prometheus endpoint included, which still answers when push is down.
 *
 * Not thread-affine; each method is a few SDK calls and never throws.
 */
export class DeliveryMetrics {
  private instruments: Instruments | undefined;
  // The same counts as plain numbers, for `totals()` (an admin API reads them without a
  // collection): a few additions per export.
  private pointsExported = 0;
  private pointsFailed = 0;
  private pointsRejected = 0;
  private exportsSucceeded = 0;
  private readonly failuresByReason: Record<string, number> = {};
  private failingReason: string | undefined;

  constructor(private readonly provider?: MeterProvider) {}

  /** An export the receiver acknowledged: `points` data points, taking `seconds`. */
  exported(points: number, seconds: number): void {
    this.pointsExported += points;
    this.exportsSucceeded++;
    this.failingReason = undefined;
    const i = this.resolve();
    i.pointsExported.add(points);
    i.exportDuration.record(seconds, { outcome: 'success' });
  }

  /** An export that failed for `reason`, carrying `points` data points, after `seconds`. */
  failed(points: number, reason: string, seconds: number): void {
    this.pointsFailed += points;
    this.failuresByReason[reason] = (this.failuresByReason[reason] ?? 0) + 1;
    this.failingReason = reason;
    const i = this.resolve();
    i.pointsFailed.add(points);
    i.exportsFailed.add(1, { reason });
    i.exportDuration.record(seconds, { outcome: 'failure' });
  }

  /** The receiver accepted the export but rejected `points` of its data points. */
  rejected(points: number): void {
    if (points <= 0) return;
    this.pointsRejected += points;
    this.resolve().pointsRejected.add(points);
  }

  /** Everything counted so far, as plain numbers (a copy). */
  totals(): DeliveryTotals {
    let exportsFailed = 0;
    for (const count of Object.values(this.failuresByReason)) exportsFailed += count;
    return {
      pointsExported: this.pointsExported,
      pointsFailed: this.pointsFailed,
      pointsRejected: this.pointsRejected,
      exportsSucceeded: this.exportsSucceeded,
      exportsFailed,
      failuresByReason: { ...this.failuresByReason },
      ...(this.failingReason === undefined ? {} : { failingReason: this.failingReason }),
    };
  }

  private resolve(): Instruments {
    const provider = this.provider ?? metrics.getMeterProvider();
    if (this.instruments?.provider === provider) return this.instruments;
    const meter = provider.getMeter(SCOPE);
    this.instruments = {
      provider,
      pointsExported: meter.createCounter('meterline_otlp_points_exported', {
        description:
          'Data points in OTLP exports the receiver acknowledged (including any it reported as rejected)',
        unit: '{point}',
      }),
      pointsFailed: meter.createCounter('meterline_otlp_points_failed', {
        description: 'Data points in OTLP exports that failed (superseded by the next export)',
        unit: '{point}',
      }),
      pointsRejected: meter.createCounter('meterline_otlp_points_rejected', {
        description: 'Data points the receiver rejected in a partial success response',
        unit: '{point}',
      }),
      exportsFailed: meter.createCounter('meterline_otlp_exports_failed', {
        description: 'OTLP exports that failed, by reason',
        unit: '{export}',
      }),
      exportDuration: meter.createHistogram('meterline_otlp_export_duration_seconds', {
        description: 'Time one OTLP export took, retries included, by outcome',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
    };
    return this.instruments;
  }
}
