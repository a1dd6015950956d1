// The one place the replicator wires Meterline, the way a service team would. Everything else
// records through `@opentelemetry/api`, via @meterline/instrumentation-replicator.
import { startDemoTelemetry } from '@meterline/demo-service';
import { mountedPrometheusExporter } from '@meterline/exporter-prometheus';
import type { TelemetryHandle } from '@meterline/sdk';
import type { ScrapeHandler } from './api.js';
import type { NamedCheck } from './health-checks.js';

/** Telemetry plus the scrape handler to mount on the replicator's own port. */
export interface ReplicatorTelemetry {
  readonly telemetry: TelemetryHandle;
  /** Set when the `prometheus` exporter is selected (the default); undefined otherwise. */
  readonly metricsHandler: ScrapeHandler | undefined;
}

/**
 * Starts telemetry for the replicator. Its metrics share one port with the seed's health summary
 * endpoint, so no standalone metrics server runs: the mounted `prometheus` plug-in builds the pull
 * reader (with every exposition option of `exporters.prometheus` and the series limit) and hands
 * its handler to the replicator's server at `/metrics`; the port is `REPLICATOR_METRICS_PORT`.
 * `OTEL_METRICS_EXPORTER` and `OTEL_EXPORTER_OTLP_*` still choose and configure the exporters.
 */
export async function startReplicatorTelemetry(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ReplicatorTelemetry> {
  const prometheus = mountedPrometheusExporter();
  const telemetry = await startDemoTelemetry('replicator', { prometheus: prometheus.plugin, env });
  const selected = telemetry.config.metrics.exporters.includes('prometheus');
  return { telemetry, metricsHandler: selected ? prometheus.handler : undefined };
}

/**
 * Adds the replicator's checks to the SDK's health registry, which runs them for the summary
 * endpoint and exposes them as `meterline_health_check_status{check, status}`.
 */
export function registerHealthChecks(telemetry: TelemetryHandle, checks: readonly NamedCheck[]) {
  for (const { name, check, options } of checks) telemetry.health.register(name, check, options);
}
