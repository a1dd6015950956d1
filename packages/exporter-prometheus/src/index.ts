export { prometheusExporter } from './plugin.js';
export { mountedPrometheusExporter } from './mounted-plugin.js';
export type { MountedPrometheusExporter } from './mounted-plugin.js';
export { prometheusOptionsSchema } from './options.js';
export type { PrometheusOptions, PrometheusOptionsInput } from './options.js';
export { createPrometheusReader } from './reader.js';
export type { PrometheusReader, PrometheusReaderOptions } from './reader.js';
export { createScrapeHandler } from './scrape-handler.js';
export type { ErrorHandling, MetricsHandler, ScrapeHandlerOptions } from './scrape-handler.js';
export { PullMetricReader } from './pull-reader.js';
export type { PullMetricReaderOptions } from './pull-reader.js';
export { SelfMetrics } from './self-metrics.js';
export { startMetricsServer } from './server.js';
export type { MetricsServer, MetricsServerOptions } from './server.js';
export { createHealthHandler } from './health-handler.js';
export type { HealthProbe } from './health-handler.js';
export { loadWebConfig, webConfigSchema } from './security/web-config.js';
export type { TlsSettings, WebConfig } from './security/web-config.js';
export { serialize } from './exposition/serialize.js';
export type { ChunkSink, SerializeOptions, SerializeResult } from './exposition/serialize.js';
export { negotiateFormat, acceptsGzip, CONTENT_TYPES } from './exposition/negotiate.js';
export { acceptsProtobuf, PROTOBUF_CONTENT_TYPE } from './exposition/negotiate.js';
export { serializeProtobuf } from './exposition/protobuf/serialize-protobuf.js';
export type {
  ProtobufSerializeOptions,
  ProtoFamily,
} from './exposition/protobuf/serialize-protobuf.js';
export type { ExpositionFormat } from './exposition/negotiate.js';
export { familyNames, sanitizeLabelName, sanitizeMetricName } from './exposition/names.js';
export type { FamilyKind, FamilyNames, NamingOptions } from './exposition/names.js';
