import { otlpExporter } from '@meterline/exporter-otlp';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import type { AnyExporterPlugin } from '@meterline/plugin';
import {
  startTelemetry,
  type ConfigLayer,
  type StartTelemetryOptions,
  type TelemetryHandle,
} from '@meterline/sdk';

/** Every demo's version, in its resource (`service.version`). */
export const DEMO_VERSION = '0.1.0';

/** Options of {@link startDemoTelemetry}: `startTelemetry`'s, less the plug-ins. */
export interface DemoTelemetryOptions extends Omit<StartTelemetryOptions, 'plugins'> {
  /**
   * The `prometheus` plug-in: the standalone server, or a mounted one whose handler the service
   * serves on its own port. @default prometheusExporter
   */
  readonly prometheus?: AnyExporterPlugin;
  /** `service.namespace`, for a service made of several components. @default none */
  readonly namespace?: string;
  /** Plug-ins beside the Prometheus endpoint and OTLP push (the gRPC services, say). @default none */
  readonly extraPlugins?: readonly AnyExporterPlugin[];
}

/**
 * Starts a demo's telemetry the way a service team would: the Prometheus pull endpoint and OTLP
 * push (on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set), the service's name and version as the
 * lowest config layer (under the config file, `OTEL_*` and `config`), everything else as given.
 */
export function startDemoTelemetry(
  service: string,
  options: DemoTelemetryOptions = {},
): Promise<TelemetryHandle> {
  const {
    prometheus = prometheusExporter,
    namespace,
    defaults,
    extraPlugins = [],
    ...rest
  } = options;
  const own: ConfigLayer = {
    ...defaults,
    service: {
      name: service,
      ...(namespace === undefined ? {} : { namespace }),
      version: DEMO_VERSION,
      ...defaults?.service,
    },
  };
  return startTelemetry({
    ...rest,
    plugins: [prometheus, otlpExporter, ...extraPlugins],
    defaults: own,
  });
}
