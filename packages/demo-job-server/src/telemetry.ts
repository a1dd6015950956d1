// The one place the job server wires Meterline, the way a service team would. Everything else
// records through `@opentelemetry/api`, via @meterline/instrumentation-job-server.
import { otlpExporter } from '@meterline/exporter-otlp';
import { createPrometheusReader } from '@meterline/exporter-prometheus';
import { startTelemetry, type ExporterPlugin, type TelemetryHandle } from '@meterline/sdk';
import { z } from 'zod';
import type { ScrapeHandler } from './api.js';

/** Telemetry plus the scrape handler to mount on the API's own port. */
export interface JobServerTelemetry {
  readonly telemetry: TelemetryHandle;
  /** Set when the `prometheus` exporter is selected (the default); undefined otherwise. */
  readonly metricsHandler: ScrapeHandler | undefined;
}

/**
 * Starts telemetry for the job server. The seed serves its metrics at `/api/v1/metrics` on the API
 * port, so no standalone metrics server runs: the `prometheus` plug-in here is a small one that
 * builds the pull reader and keeps its handler for the API server to mount. It takes no options
 * (a config file's `exporters.prometheus.port` is refused: the API port is `JOB_SERVER_PORT`).
 * `OTEL_METRICS_EXPORTER` and `OTEL_EXPORTER_OTLP_*` still choose and configure the exporters.
 */
export async function startJobServerTelemetry(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<JobServerTelemetry> {
  let metricsHandler: ScrapeHandler | undefined;
  const mountedPrometheus: ExporterPlugin<Record<string, never>> = {
    name: 'prometheus',
    optionsSchema: z.strictObject({}),
    create() {
      const { reader, handler } = createPrometheusReader();
      metricsHandler = handler;
      return Promise.resolve({ reader, endpoints: [] });
    },
  };
  const telemetry = await startTelemetry({
    plugins: [mountedPrometheus, otlpExporter],
    env,
    defaults: { service: { name: 'job-server', version: '0.1.0' } },
  });
  return { telemetry, metricsHandler };
}
