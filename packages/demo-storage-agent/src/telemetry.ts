// The one place the storage agent wires Meterline, the way a service team would. Everything else
// in the agent records through `@opentelemetry/api` only.
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';

/** Default metrics port: the seed's `http://localhost:8080/metrics`. */
export const DEFAULT_METRICS_PORT = 8080;

/**
 * Starts telemetry for the agent. The service's defaults sit below the config file
 * (`METERLINE_CONFIG_FILE`) and the standard `OTEL_*` variables, so operators can override them.
 */
export function startAgentTelemetry(): Promise<TelemetryHandle> {
  return startTelemetry({
    plugins: [prometheusExporter],
    defaults: {
      service: { name: 'storage-agent', version: '0.1.0' },
      exporters: { prometheus: { port: DEFAULT_METRICS_PORT, path: '/metrics' } },
    },
  });
}
