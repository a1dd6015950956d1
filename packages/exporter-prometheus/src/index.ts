export { prometheusExporter } from './plugin.js';
export { mountedPrometheusExporter } from './mounted-plugin.js';
export type { MountedPrometheusExporter } from './mounted-plugin.js';
export type { PrometheusOptions, PrometheusOptionsInput } from './options.js';
export { createPrometheusReader } from './reader.js';
export type { PrometheusReader, PrometheusReaderOptions } from './reader.js';
export type { MetricsHandler } from './scrape-handler.js';
export { PullMetricReader } from './pull-reader.js';
export type { PullMetricReaderOptions } from './pull-reader.js';
export { startMetricsServer } from './server.js';
export type { MetricsServer, MetricsServerOptions } from './server.js';
export type { TlsSettings, WebConfig } from './security/web-config.js';
export { serialize } from './exposition/serialize.js';
export type { ChunkSink, SerializeOptions, SerializeResult } from './exposition/serialize.js';
export { acceptsProtobuf, PROTOBUF_CONTENT_TYPE } from './exposition/negotiate.js';
export type { ExpositionFormat } from './exposition/negotiate.js';
export { serializeProtobuf } from './serialize-protobuf-on-demand.js';
export type {
  ProtobufSerializeOptions,
  ProtoFamily,
} from './exposition/protobuf/serialize-protobuf.js';
export type { NamingOptions, TranslationStrategy } from './exposition/names.js';
