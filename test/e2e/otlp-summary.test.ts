import { otlpExporter } from '@meterline/exporter-otlp';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { recordingLogger } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// Summary points over OTLP http/protobuf, judged by a real VictoriaMetrics 1.145: it stores an OTLP
// Summary as `<name>{quantile="…"}`, `<name>_sum` and `<name>_count` (with its Prometheus naming:
// the unit word appended). VictoriaMetrics takes no OTLP JSON at all (400 for any body), so JSON
// is checked against the official schema in the unit tests only.

let vm: TestVictoriaMetrics;
let telemetry: TelemetryHandle;
const logger = recordingLogger();

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  telemetry = await startTelemetry({
    plugins: [otlpExporter],
    registerGlobal: false,
    logger,
    env: {
      OTEL_SERVICE_NAME: 'otlp-summary',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      OTEL_METRIC_EXPORT_INTERVAL: '250',
    },
    config: {
      resource: { detect: false },
      metrics: {
        runtime: { enabled: false },
        views: [
          {
            instrument: 'rpc.latency',
            aggregation: {
              type: 'summary',
              objectives: { '0.5': 0.05, '0.9': 0.01, '0.99': 0.001 },
            },
          },
        ],
      },
    } as never,
  });
});

afterAll(async () => {
  await telemetry?.shutdown();
  await vm?.remove();
});

describe('summaries pushed over OTLP to a real VictoriaMetrics', () => {
  it('are stored as quantile, _sum and _count series with exact values, next to the stock kinds', async () => {
    const meter = telemetry.meterProvider.getMeter('rpc');
    const latency = meter.createHistogram('rpc.latency', { unit: 'ms' });
    for (let i = 1; i <= 200; i++) latency.record(i, { method: 'get' });
    meter.createCounter('rpc.calls').add(7, { method: 'get' });

    const selector = '{service_name="otlp-summary",method="get"}';
    const quantiles = await vm.queryUntil(
      `rpc_latency_milliseconds${selector}`,
      (samples) => samples.length === 3,
    );
    expect(Object.fromEntries(quantiles.map((s) => [s.metric['quantile'], s.value]))).toEqual({
      '0.5': 100,
      '0.9': 180,
      '0.99': 198,
    });
    expect(quantiles[0]!.metric['scope_name']).toBe('rpc');
    const [sum] = await vm.query(`rpc_latency_milliseconds_sum${selector}`);
    const [count] = await vm.query(`rpc_latency_milliseconds_count${selector}`);
    expect([sum?.value, count?.value]).toEqual([20100, 200]);
    // The rest of the batch still goes through the stock serializer.
    const [calls] = await vm.queryUntil(`rpc_calls_total${selector}`, (s) => s.length === 1);
    expect(calls?.value).toBe(7);
    expect(logger.lines.filter((l) => l.startsWith('warn') || l.startsWith('error'))).toEqual([]);
  });
});
