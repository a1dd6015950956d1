import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { withSummaries } from '@meterline/exporter-otlp';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { RotatingFile } from './rotating-file.js';

const decoder = new TextDecoder();
/** The stock serializer, plus the engine's summaries as OTLP Summary points. */
const serializer = withSummaries(JsonMetricsSerializer, 'json');

/** Options of {@link OtlpJsonFileExporter}. */
export interface OtlpJsonFileExporterOptions {
  /** Where lines go. */
  readonly file: RotatingFile;
  /** Temporality of counters and histograms. @default 'cumulative' */
  readonly temporality?: 'cumulative' | 'delta';
}

/**
 * Writes each export as one line of OTLP JSON: an `ExportMetricsServiceRequest` exactly as
 * OTLP/HTTP JSON carries it (the stock `JsonMetricsSerializer`; the engine's summaries as OTLP
 * Summary points, see `withSummaries` of `@meterline/exporter-otlp`), which is what the
 * collector's `otlpjsonfile` receiver reads.
 *
 * Memory stays bounded when the disk is slow or stuck: while one write is pending, a further
 * export fails at once (the next one carries the cumulative totals) instead of queueing.
 */
export class OtlpJsonFileExporter implements PushMetricExporter {
  private readonly file: RotatingFile;
  private readonly delta: boolean;
  private stopped = false;

  constructor(options: OtlpJsonFileExporterOptions) {
    this.file = options.file;
    this.delta = (options.temporality ?? 'cumulative') === 'delta';
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }
    if (this.file.queued > 0) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: new Error(`previous write to ${this.file.path} still pending; export dropped`),
      });
      return;
    }
    let line: string;
    try {
      const bytes = serializer.serializeRequest(metrics);
      if (!bytes) throw new Error('the OTLP JSON serializer produced nothing');
      // JSON.stringify never emits a raw newline, so the request is exactly one line.
      line = `${decoder.decode(bytes)}\n`;
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    this.file.append(line).then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) => resultCallback({ code: ExportResultCode.FAILED, error: error as Error }),
    );
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    const deltaCapable =
      instrumentType === InstrumentType.COUNTER ||
      instrumentType === InstrumentType.HISTOGRAM ||
      instrumentType === InstrumentType.OBSERVABLE_COUNTER;
    return this.delta && deltaCapable
      ? AggregationTemporality.DELTA
      : AggregationTemporality.CUMULATIVE;
  }

  forceFlush(): Promise<void> {
    return this.file.drain();
  }

  async shutdown(): Promise<void> {
    await this.file.drain();
    this.stopped = true;
  }
}
