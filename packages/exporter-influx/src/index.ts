export { influxExporter } from './plugin.js';
export { InfluxLineExporter } from './influx-exporter.js';
export { toLineProtocol } from './line-protocol.js';
export type { LineProtocolBatch, LineProtocolOptions } from './line-protocol.js';
export type { InfluxOptions, InfluxOptionsInput } from './options.js';
