import type { ExporterPlugin } from '@meterline/plugin';
import {
  OTLP_ENV_BINDINGS,
  otlpEnabledByEnv,
  otlpOptionsSchema,
  type OtlpOptions,
} from './options.js';
import { createOtlpReader } from './reader.js';

/**
 * The `otlp` exporter plug-in: pushes every `OTEL_METRIC_EXPORT_INTERVAL` to an OTLP receiver
 * (a collector, VictoriaMetrics, …) over http/protobuf by default, http/json or gRPC. Reads the
 * standard `OTEL_EXPORTER_OTLP_*` variables, and turns itself on when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `_METRICS_ENDPOINT`) is set and no exporter list is given.
 * Delivery self-metrics (`meterline_otlp_*`) go to the same meter provider as the metrics.
 *
 * `create` does no network I/O; an unreachable receiver never fails start-up.
 */
export const otlpExporter: ExporterPlugin<OtlpOptions> = {
  name: 'otlp',
  optionsSchema: otlpOptionsSchema,
  env: OTLP_ENV_BINDINGS,
  enabledByEnv: otlpEnabledByEnv,
  async create(options, context) {
    const otlp = await createOtlpReader({
      otlp: options,
      exportIntervalMillis: context.exportIntervalMillis,
      exportTimeoutMillis: context.exportTimeoutMillis,
      logger: context.logger,
      meterProvider: context.meterProvider,
      metricProducers: context.metricProducers,
    });
    context.logger.info(
      `OTLP push (${options.protocol}) to ${otlp.url} every ${context.exportIntervalMillis} ms`,
    );
    return {
      reader: otlp.reader,
      endpoints: [{ exporter: 'otlp', url: otlp.url }],
      push: true,
      delivery: otlp.delivery,
    };
  },
};
