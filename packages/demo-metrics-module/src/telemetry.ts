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
    env,
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
