import { otlpExporter } from '@meterline/exporter-otlp';
import { grpcServices } from '@meterline/grpc';
import { silentLogger, startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pyCall, type PyTarget } from '../support/python-grpc.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// MetricsAdminService.ForceFlush driven by Debian's python3-grpcio: the OTLP push exporter sends
// at once to a real VictoriaMetrics (the export interval is an hour), the answer carries its
// delivery accounting, and VictoriaMetrics has the value.

const TOKEN = 'flush-admin-token-0123456789';
let vm: TestVictoriaMetrics;
let telemetry: TelemetryHandle | undefined;
let admin: PyTarget;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  telemetry = await startTelemetry({
    plugins: [otlpExporter, grpcServices],
    logger: silentLogger,
    env: {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRIC_EXPORT_INTERVAL: '3600000',
    },
    registerGlobal: false,
    defaults: { service: { name: 'grpc-flush-e2e' } },
    config: {
      resource: { detect: false },
      metrics: { exporters: ['otlp', 'grpc'], runtime: { enabled: false } },
      exporters: { grpc: { port: 0, admin: { bearerToken: TOKEN } } },
    },
  });
  const url = telemetry.endpoints.find((e) => e.exporter === 'grpc')!.url;
  admin = { target: url.replace('grpc://', ''), token: TOKEN };
  telemetry.meterProvider.getMeter('flush').createCounter('flush.items').add(7, { lane: 'x' });
}, 120_000);

afterAll(async () => {
  await telemetry?.shutdown();
  await vm?.remove();
});

describe('ForceFlush', () => {
  it('pushes at once and answers the OTLP exporter delivery accounting', async () => {
    const result = await pyCall<{ deliveries: Record<string, unknown>[] }>(
      admin,
      'admin',
      'ForceFlush',
    );
    expect(result.error).toBeUndefined();
    expect(result.response!.deliveries).toEqual([
      expect.objectContaining({
        exporter: 'otlp',
        endpoints: [vm.otlpUrl],
        flush_error: '',
        has_accounting: true,
        exports_succeeded: '1',
        exports_failed: '0',
        points_failed: '0',
      }),
    ]);
    expect(Number(result.response!.deliveries[0]!.points_exported)).toBeGreaterThanOrEqual(1);
    const samples = await vm.queryUntil(
      'flush_items_total{lane="x"}',
      (s) => s.length === 1 && s[0]!.value === 7,
    );
    expect(samples[0]!.value).toBe(7);
  });
});
