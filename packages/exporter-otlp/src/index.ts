export { otlpExporter } from './plugin.js';
export { createOtlpReader } from './reader.js';
export type { OtlpReader, OtlpReaderOptions } from './reader.js';
export {
  OTLP_ENV_BINDINGS,
  OTLP_PROTOCOLS,
  TEMPORALITY_PREFERENCES,
  HISTOGRAM_AGGREGATIONS,
  otlpEnabledByEnv,
  otlpOptionsSchema,
  parseHeaders,
  resolveMetricsUrl,
} from './options.js';
export type {
  OtlpOptions,
  OtlpOptionsInput,
  OtlpProtocol,
  TemporalityPreference,
  HistogramAggregation,
} from './options.js';
export { DELIVERY_METRIC_NAMES, DeliveryMetrics } from './delivery-metrics.js';
export { failureReason } from './failure-reason.js';
export { AccountingExporter, countPoints } from './accounting-exporter.js';
export type { AccountingOptions } from './accounting-exporter.js';
export { withSummaries } from './summary-encoder.js';
