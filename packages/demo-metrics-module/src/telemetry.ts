// The one place the metrics module wires Meterline: the Prometheus endpoint, the gRPC services
// (MetricsService, MetricsAdminService, health, reflection) as a plug-in, OTLP push when
// configured, and the seed's Summary as a view.
import { startDemoTelemetry } from '@meterline/demo-service';
import { grpcServices } from '@meterline/grpc';
import type { TelemetryHandle } from '@meterline/sdk';
import type { MetricsModuleConfig } from './config.js';

/** Instruments the billing component records as histograms that the module serves as summaries. */
export const SUMMARY_INSTRUMENTS = ['billing.api.latency'] as const;

/** Starts the module's telemetry and both servers; their URLs are in `telemetry.endpoints`. */
export function startMetricsModuleTelemetry(
  config: MetricsModuleConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TelemetryHandle> {
  const otlp = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  return startDemoTelemetry('metrics-module', {
    extraPlugins: [grpcServices],
    env: withGrpcExporter(env),
    defaults: {
      metrics: {
        exporters: ['prometheus', 'grpc', ...(otlp ? ['otlp'] : [])],
        views: SUMMARY_INSTRUMENTS.map((instrument) => ({
          instrument,
          aggregation: {
            type: 'summary' as const,
            objectives: { 0.5: 0.05, 0.9: 0.01, 0.99: 0.001 },
            maxAgeSeconds: 600,
            ageBuckets: 5,
          },
        })),
      },
      exporters: {
        prometheus: { host: config.host, port: config.metricsPort },
        grpc: {
          host: config.host,
          port: config.grpcPort,
          ...(config.adminToken ? { admin: { bearerToken: config.adminToken } } : {}),
        },
      },
    },
  });
}

/**
 * `env` with `grpc` among the exporters `OTEL_METRICS_EXPORTER` lists: the gRPC services are what
 * this module is, and the variable picks the other exporters, as for every demo of the fleet.
 * `none` stays `none` (no exporter at all).
 */
export function withGrpcExporter(
  env: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  const names = (env.OTEL_METRICS_EXPORTER ?? '').split(',').map((name) => name.trim());
  if (names.every((name) => name === '') || names.includes('grpc') || names.includes('none')) {
    return env;
  }
  return { ...env, OTEL_METRICS_EXPORTER: [...names.filter(Boolean), 'grpc'].join(',') };
}
