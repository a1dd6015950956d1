import type { ExporterPlugin } from '@meterline/sdk';
import { prometheusOptionsSchema, type PrometheusOptions } from './options.js';
import { createPrometheusReader } from './reader.js';
import { startMetricsServer } from './server.js';

/**
 * The `prometheus` exporter plug-in: a pull reader plus, unless `enabled: false`, a standalone
 * server at `http://<host>:<port><path>`. Reads `OTEL_EXPORTER_PROMETHEUS_HOST` and `_PORT`.
 */
export const prometheusExporter: ExporterPlugin<PrometheusOptions> = {
  name: 'prometheus',
  optionsSchema: prometheusOptionsSchema,
  env: [
    { variable: 'OTEL_EXPORTER_PROMETHEUS_HOST', path: ['host'] },
    { variable: 'OTEL_EXPORTER_PROMETHEUS_PORT', path: ['port'], type: 'int' },
  ],
  async create(options, context) {
    const { reader, handler } = createPrometheusReader();
    if (!options.enabled) {
      context.logger.info('Metrics endpoint disabled');
      return { reader, endpoints: [] };
    }
    const server = await startMetricsServer({
      handler,
      host: options.host,
      port: options.port,
      path: options.path,
    });
    return {
      reader,
      endpoints: [{ exporter: 'prometheus', url: server.url }],
      close: () => server.close(),
    };
  },
};
