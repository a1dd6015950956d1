import { otlpExporter } from '@meterline/exporter-otlp';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import {
  silentLogger,
  startTelemetry,
  type ExporterContext,
  type TelemetryHandle,
} from '@meterline/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// What an admin service does to "force-flush the push exporters and read their delivery
// accounting": a plug-in (here the Prometheus plug-in standing in for the gRPC admin service) calls
// ExporterContext.flushPushExporters() on a service pushing OTLP to a real VictoriaMetrics. The
// export interval is a minute, so every export in the test is one the flush asked for.

let vm: TestVictoriaMetrics;
let telemetry: TelemetryHandle | undefined;
let context: ExporterContext | undefined;

/**
 * The Prometheus plug-in, keeping the context it is created with: stands in for an admin service
 * created like an exporter (and is a pull exporter, which a push flush must leave alone).
 */
const probe: typeof prometheusExporter = {
  ...prometheusExporter,
  create(options, given) {
    context = given;
    return prometheusExporter.create(options, given);
  },
};

beforeAll(async () => {
  vm = await startVictoriaMetrics();
  telemetry = await startTelemetry({
    plugins: [otlpExporter, probe],
    logger: silentLogger,
    registerGlobal: false,
    env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl },
    defaults: { service: { name: 'push-flush' } },
    config: {
      exporters: { prometheus: { port: 0, host: '127.0.0.1' } },
      metrics: {
        exporters: ['otlp', 'prometheus'],
        exportIntervalMillis: 60_000,
        runtime: { enabled: false },
      },
    },
  });
});

afterAll(async () => {
  await telemetry?.shutdown();
  await vm?.remove();
});

describe('ExporterContext.flushPushExporters against a real OTLP receiver', () => {
  it('pushes at once and reports what was delivered; a receiver that is down shows as a failure, and the recovery', async () => {
    const orders = telemetry!.meterProvider.getMeter('shop').createCounter('orders');
    orders.add(7, { region: 'eu' });

    const reports = await context!.flushPushExporters!();
    // Only the push exporter: the Prometheus endpoint is pulled, not flushed.
    expect(reports).toHaveLength(1);
    const [first] = reports;
    expect(first).toMatchObject({ exporter: 'otlp', endpoints: [vm.otlpUrl] });
    expect(first!.flushError).toBeUndefined();
    expect(first!.delivery).toMatchObject({
      exportsSucceeded: 1,
      exportsFailed: 0,
      pointsFailed: 0,
      failuresByReason: {},
    });
    expect(first!.delivery!.pointsExported).toBeGreaterThanOrEqual(1);
    const stored = await vm.queryUntil(
      'orders_total{service_name="push-flush",region="eu"}',
      (s) => s.length === 1,
    );
    expect(stored[0]!.value).toBe(7);

    await vm.stop();
    orders.add(1, { region: 'eu' });
    const [down] = await context!.flushPushExporters!();
    expect(down!.delivery).toMatchObject({ exportsSucceeded: 1, exportsFailed: 1 });
    // VictoriaMetrics is gone: the connection is refused.
    expect(down!.delivery!.failingReason).toBe('network');
    expect(down!.delivery!.failuresByReason[down!.delivery!.failingReason!]).toBe(1);
    expect(down!.delivery!.pointsFailed).toBeGreaterThanOrEqual(1);

    await vm.restart();
    const [back] = await context!.flushPushExporters!();
    expect(back!.delivery).toMatchObject({ exportsSucceeded: 2, exportsFailed: 1 });
    expect(back!.delivery!.failingReason).toBeUndefined();
    const again = await vm.queryUntil(
      'orders_total{service_name="push-flush",region="eu"}',
      (s) => s[0]?.value === 8,
    );
    expect(again[0]!.value).toBe(8);
  });
});
