// The one place the job server wires Meterline, the way a service team would. Everything else
// records through `@opentelemetry/api`, via @meterline/instrumentation-job-server.
import { startDemoTelemetry } from '@meterline/demo-service';
import { mountedPrometheusExporter } from '@meterline/exporter-prometheus';
import type { TelemetryHandle, ViewConfig } from '@meterline/sdk';
import type { ScrapeHandler } from './api.js';
import type { MetricNaming } from './config.js';

/**
 * With `JOB_SERVER_METRIC_NAMES=prometheus`, the seed's gauge `hodei_workers_total` is served as
 * `hodei_workers` (a gauge ending in `_total` fails `promtool check metrics`). A rename is the
 * pipeline's business, not the metric set's: a view, like any other. (The memory gauge changes
 * unit as well as name, which a view cannot do: `createJobServerMetrics({ memoryInBytes })`.)
 * A `metrics.views` list in a higher config layer replaces these (lists replace).
 */
export const LINT_CLEAN_VIEWS: readonly ViewConfig[] = [
  { instrument: 'hodei_workers_total', rename: 'hodei_workers' },
];

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
  options: { readonly clustered?: boolean; readonly naming?: MetricNaming } = {},
): Promise<JobServerTelemetry> {
  const prometheus = mountedPrometheusExporter();
  const telemetry = await startDemoTelemetry('job-server', {
    prometheus: prometheus.plugin,
    env,
    ...(options.naming === 'prometheus'
      ? { defaults: { metrics: { views: [...LINT_CLEAN_VIEWS] } } }
      : {}),
    // Clustered (JOB_SERVER_WORKERS > 1): workers send deltas, the primary serves them merged.
    ...(options.clustered ? { cluster: { role: 'auto' } } : {}),
  });
  const selected =
    telemetry.config.metrics.exporters.includes('prometheus') &&
    telemetry.cluster?.role !== 'worker';
  return { telemetry, metricsHandler: selected ? prometheus.handler : undefined };
}
