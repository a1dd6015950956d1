export { otlpExporter } from './plugin.js';
export { createOtlpReader } from './reader.js';
export type { OtlpReader, OtlpReaderOptions } from './reader.js';
export type {
  OtlpOptions,
  OtlpOptionsInput,
  OtlpProtocol,
  TemporalityPreference,
  HistogramAggregation,
} from './options.js';
export { failureReason } from './failure-reason.js';
export { AccountingExporter } from './accounting-exporter.js';
export type { AccountingOptions } from './accounting-exporter.js';
export { withSummaries } from './summary-encoder.js';
export type { DeliveryMetrics } from './delivery-metrics.js';
