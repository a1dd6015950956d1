import type { ExporterContext, ExporterPlugin } from '@meterline/plugin';
import { prometheusOptionsSchema, type PrometheusOptions } from './options.js';
import { quickPrometheusOptions } from './options-quick.js';
import { createPrometheusReader, type PrometheusReader } from './reader.js';
import { startMetricsServer } from './server.js';

/** The reader and handler for `options`, with the telemetry's series limit and logger. */
export function readerFromOptions(
  options: PrometheusOptions,
  context: ExporterContext,
): PrometheusReader {
  return createPrometheusReader({
    cardinalityLimit: context.cardinalityLimit,
    logger: context.logger,
    metricProducers: context.metricProducers,
    meterProvider: context.meterProvider,
    errorHandling: options.errorHandling,
    defaultTimeoutSeconds: options.scrapeTimeoutSeconds,
    maxInFlight: options.maxInFlight,
    maxConcurrentRenders: options.maxConcurrentRenders,
    gzip: options.gzip,
    histogramAggregation: options.histogramAggregation,
    exposition: {
      translationStrategy: options.translationStrategy,
      unitSuffixes: options.unitSuffixes,
      baseUnits: options.baseUnits,
      totalSuffix: options.totalSuffix,
      targetInfo: options.targetInfo,
      scopeLabels: options.scopeLabels,
      exponentialClassicSchema: options.exponentialClassicSchema,
      createdSamples: options.createdSamples,
    },
  });
}

/**
 * The `prometheus` exporter plug-in: a pull reader plus, unless `enabled: false`, a standalone
 * server at `http(s)://<host>:<port><path>` with health probes. Reads
 * `OTEL_EXPORTER_PROMETHEUS_HOST` and `_PORT`.
 */
export const prometheusExporter: ExporterPlugin<PrometheusOptions> = {
  name: 'prometheus',
  // Built on first read: a valid section never needs it (quickParse).
  get optionsSchema() {
    return prometheusOptionsSchema();
  },
  quickParse: quickPrometheusOptions,
  env: [
    { variable: 'OTEL_EXPORTER_PROMETHEUS_HOST', path: ['host'] },
    { variable: 'OTEL_EXPORTER_PROMETHEUS_PORT', path: ['port'], type: 'int' },
  ],
  async create(options, context) {
    const { reader, handler } = readerFromOptions(options, context);
    if (!options.enabled) {
      context.logger.info('Metrics endpoint disabled');
      return { reader, endpoints: [] };
    }
    const server = await startMetricsServer({
      handler,
      host: options.host,
      port: options.port,
      path: options.path,
      health: options.health ? context.health : undefined,
      // Loaded only when configured: its schema and the TLS checks cost start-up time.
      webConfig: options.webConfigFile
        ? (await import('./security/web-config.js')).loadWebConfig(options.webConfigFile)
        : undefined,
      logger: context.logger,
      logRequests: options.logRequests,
      maxConnections: options.maxConnections,
      headersTimeoutMs: options.headersTimeoutMillis,
      requestTimeoutMs: options.requestTimeoutMillis,
      keepAliveTimeoutMs: options.keepAliveTimeoutMillis,
      idleTimeoutMs: options.idleTimeoutMillis,
    });
    return {
      reader,
      endpoints: [{ exporter: 'prometheus', url: server.url }],
      // Stop accepting and finish in-flight scrapes before the provider shuts down (idempotent).
      drain: () => server.close(),
      close: () => server.close(),
    };
  },
};
