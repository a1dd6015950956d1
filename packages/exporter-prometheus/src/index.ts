export { prometheusExporter } from './plugin.js';
export { createPrometheusReader } from './reader.js';
export type { MetricsHandler, PrometheusReader } from './reader.js';
export { startMetricsServer } from './server.js';
export type { MetricsServer, MetricsServerOptions } from './server.js';
export { prometheusOptionsSchema } from './options.js';
export type { PrometheusOptions, PrometheusOptionsInput } from './options.js';
