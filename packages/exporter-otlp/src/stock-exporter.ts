import {
  AggregationTemporalityPreference,
  OTLPMetricExporterBase,
} from '@opentelemetry/exporter-metrics-otlp-http';
import type { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import {
  convertLegacyHttpOptions,
  createOtlpHttpExportDelegate,
} from '@opentelemetry/otlp-exporter-base/node-http';
import {
  JsonMetricsSerializer,
  MetricsExporterMetricsHelper,
  ProtobufMetricsSerializer,
  type IExportMetricsServiceResponse,
  type ISerializer,
} from '@opentelemetry/otlp-transformer';
import {
  AggregationType,
  InstrumentType,
  type AggregationOption,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { HistogramAggregation, OtlpProtocol, TemporalityPreference } from './options.js';
import { withExemplars } from './otlp-exemplars.js';
import { withSummaries } from './summary-encoder.js';
import type { TlsMaterial } from './tls-files.js';

/** Everything the stock exporter is built from, resolved by the caller. */
export interface StockExporterSettings {
  readonly protocol: OtlpProtocol;
  /** The full metrics URL. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Per export, retries included. */
  readonly timeoutMillis: number;
  readonly compression: 'none' | 'gzip';
  readonly temporality: TemporalityPreference;
  /** Aggregation of histograms no view configures. @default 'explicit_bucket_histogram' */
  readonly histogramAggregation?: HistogramAggregation;
  /** How many exports may be in flight at once; further ones fail at once. */
  readonly concurrencyLimit: number;
  /** CA and client certificate for `https://` receivers; the system's roots when absent. */
  readonly tls?: TlsMaterial;
  /** Told about every response's partial success (rejected points, message). */
  readonly onPartialSuccess: (rejectedPoints: number, message: string | undefined) => void;
}

const TEMPORALITY = {
  cumulative: AggregationTemporalityPreference.CUMULATIVE,
  delta: AggregationTemporalityPreference.DELTA,
  lowmemory: AggregationTemporalityPreference.LOWMEMORY,
} as const;

/**
 * Builds the stock OTLP metric exporter for `settings.protocol`, exactly as the stock
 * `OTLPMetricExporter` of `@opentelemetry/exporter-metrics-otlp-{proto,http,grpc}` builds itself
 * (same delegate, transport, retries, timeouts), with three changes to the serializer: it also
 * encodes the engine's summaries (`withSummaries`) and carries the exemplars of the engine's points
 * (`withExemplars`), both of which the stock one drops, and it reports the response's partial
 * success, which the stock one only logs through `diag`.
 *
 * gRPC (`@grpc/grpc-js`) is loaded only when the protocol asks for it.
 */
export async function createStockExporter(
  settings: StockExporterSettings,
): Promise<PushMetricExporter> {
  const config = {
    url: settings.url,
    headers: { ...settings.headers },
    timeoutMillis: settings.timeoutMillis,
    concurrencyLimit: settings.concurrencyLimit,
    compression: settings.compression as CompressionAlgorithm,
    temporalityPreference: TEMPORALITY[settings.temporality],
    // The stock exporter takes a selector but reads no variable for it.
    aggregationPreference: (type: InstrumentType): AggregationOption =>
      settings.histogramAggregation === 'base2_exponential_bucket_histogram' &&
      type === InstrumentType.HISTOGRAM
        ? { type: AggregationType.EXPONENTIAL_HISTOGRAM }
        : { type: AggregationType.DEFAULT },
  };
  if (settings.protocol === 'grpc') {
    const grpc = await import('@opentelemetry/otlp-grpc-exporter-base');
    const metadata = grpc.createEmptyMetadata();
    for (const [key, value] of Object.entries(settings.headers)) metadata.set(key, value);
    // Without TLS material the stock choice stands: plain text for http://, system roots for https://.
    const tls = settings.tls;
    const credentials = tls
      ? (await import('@grpc/grpc-js')).credentials.createSsl(
          tls.ca ?? null,
          tls.key ?? null,
          tls.cert ?? null,
        )
      : undefined;
    const delegate = grpc.createOtlpGrpcExportDelegate(
      grpc.convertLegacyOtlpGrpcOptions({ ...config, metadata, credentials }, 'METRICS'),
      reporting(serializer('protobuf'), settings.onPartialSuccess),
      'otlp_grpc_metric_exporter',
      MetricsExporterMetricsHelper,
      undefined,
      'MetricsExportService',
      '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
    );
    return new OTLPMetricExporterBase(delegate, config);
  }
  const json = settings.protocol === 'http/json';
  const tls = settings.tls;
  const httpAgentOptions = tls ? { ca: tls.ca, key: tls.key, cert: tls.cert } : undefined;
  const delegate = createOtlpHttpExportDelegate(
    convertLegacyHttpOptions({ ...config, httpAgentOptions }, 'METRICS', 'v1/metrics', {
      'Content-Type': json ? 'application/json' : 'application/x-protobuf',
    }),
    reporting(json ? serializer('json') : serializer('protobuf'), settings.onPartialSuccess),
    'otlp_http_metric_exporter',
    MetricsExporterMetricsHelper,
    undefined,
  );
  return new OTLPMetricExporterBase(delegate, config);
}

/**
 * The stock serializer for `format`, plus the engine's summaries and exemplars. Summaries are split
 * out first, so the exemplar pass sees exactly the points the stock serializer writes.
 */
function serializer(
  format: 'protobuf' | 'json',
): ISerializer<ResourceMetrics, IExportMetricsServiceResponse> {
  const stock = format === 'json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  return withSummaries(withExemplars(stock, format), format);
}

/** `serializer`, plus a report of each decoded response's partial success. */
function reporting(
  serializer: ISerializer<ResourceMetrics, IExportMetricsServiceResponse>,
  onPartialSuccess: StockExporterSettings['onPartialSuccess'],
): ISerializer<ResourceMetrics, IExportMetricsServiceResponse> {
  return {
    serializeRequest: (request) => serializer.serializeRequest(request),
    deserializeResponse(data) {
      const response = serializer.deserializeResponse(data);
      const partial = response?.partialSuccess;
      // int64 arrives as a number (protobuf) or a decimal string (JSON mapping).
      const rejected = Number(partial?.rejectedDataPoints ?? 0);
      if (partial && (rejected > 0 || partial.errorMessage)) {
        onPartialSuccess(
          Number.isFinite(rejected) ? rejected : 0,
          partial.errorMessage || undefined,
        );
      }
      return response;
    },
  };
}
