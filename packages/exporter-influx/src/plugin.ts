import type { ExporterPlugin } from '@meterline/plugin';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InfluxLineExporter } from './influx-exporter.js';
import {
  INFLUX_ENV_BINDINGS,
  influxEnabledByEnv,
  influxOptionsSchema,
  type InfluxOptions,
} from './options.js';

/**
 * The `influx` exporter plug-in: every `OTEL_METRIC_EXPORT_INTERVAL`, writes the cumulative
 * values as InfluxDB line protocol to InfluxDB 1.x/2.x or VictoriaMetrics. Turns itself on when
 * `METERLINE_INFLUX_URL` is set and no exporter list is given. `create` does no network I/O.
 */
export const influxExporter: ExporterPlugin<InfluxOptions> = {
  name: 'influx',
  optionsSchema: influxOptionsSchema,
  env: INFLUX_ENV_BINDINGS,
  enabledByEnv: influxEnabledByEnv,
  create(options, context) {
    const exporter = new InfluxLineExporter(
      { ...options, timeoutMillis: Math.min(options.timeoutMillis, context.exportIntervalMillis) },
      context.logger,
    );
    const reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: context.exportIntervalMillis,
      exportTimeoutMillis: Math.min(context.exportTimeoutMillis, context.exportIntervalMillis),
      metricProducers: context.metricProducers ? [...context.metricProducers] : undefined,
    });
    context.logger.info(
      `InfluxDB line protocol to ${exporter.target} every ${context.exportIntervalMillis} ms`,
    );
    return Promise.resolve({
      reader,
      endpoints: [{ exporter: 'influx', url: exporter.target }],
      push: true,
    });
  },
};
