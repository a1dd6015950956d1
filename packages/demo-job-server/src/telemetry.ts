// The one place the job server wires Meterline, the way a service team would. Everything else
// records through `@opentelemetry/api`, via @meterline/instrumentation-job-server.
import { otlpExporter } from '@meterline/exporter-otlp';
import { mountedPrometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import type { ScrapeHandler } from './api.js';

/** Telemetry plus the scrape handler to mount on the API's own port. */
export interface JobServerTelemetry {
  readonly telemetry: TelemetryHandle;
  /** Set when the `prometheus` exporter is selected (the default); undefined otherwise. */
  readonly metricsHandler: ScrapeHandler | undefined;
}

/**
 * Starts telemetry for the job server. The seed serves its metrics at `/api/v1/metrics` on the API
 * port, so no standalone metrics server runs: the mounted `prometheus` plug-in builds the pull
 * reader (with every exposition option of `exporters.prometheus` and the series limit) and hands
 * its handler to the API server. The port is the API's, `JOB_SERVER_PORT`.
 * `OTEL_METRICS_EXPORTER` and `OTEL_EXPORTER_OTLP_*` still choose and configure the exporters.
 */
export async function startJobServerTelemetry(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { readonly clustered?: boolean } = {},
): Promise<JobServerTelemetry> {
  const prometheus = mountedPrometheusExporter();
  const telemetry = await startTelemetry({
    plugins: [prometheus.plugin, otlpExporter],
    env,
    defaults: { service: { name: 'job-server', version: '0.1.0' } },
    // Clustered (JOB_SERVER_WORKERS > 1): workers send deltas, the primary serves them merged.
    ...(options.clustered ? { cluster: { role: 'auto' } } : {}),
  });
  const selected =
    telemetry.config.metrics.exporters.includes('prometheus') &&
    telemetry.cluster?.role !== 'worker';
  return { telemetry, metricsHandler: selected ? prometheus.handler : undefined };
}
