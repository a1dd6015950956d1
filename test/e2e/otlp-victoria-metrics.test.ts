import { createServer, type Server, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '@meterline/testing';
import { otlpExporter } from '@meterline/exporter-otlp';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { sampleValue, seriesCount } from '../support/exposition.js';
import { pollUntil } from '../support/poll.js';
import type { Sample } from '../support/prometheus.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// Every guarantee below is checked against a real VictoriaMetrics 1.145 receiving OTLP
// http/protobuf, with exact expected values, while the service keeps recording.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let vm: TestVictoriaMetrics;
let telemetry: TelemetryHandle | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  vm = await startVictoriaMetrics();
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await vm?.remove();
});

/** Starts Prometheus pull and OTLP push on one provider, registered globally (self-metrics). */
async function startBoth(service: string, env: Record<string, string>, logger = recordingLogger()) {
  telemetry = await startTelemetry({
    plugins: [prometheusExporter, otlpExporter],
    logger,
    env: {
      OTEL_SERVICE_NAME: service,
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      OTEL_METRIC_EXPORT_INTERVAL: '250',
      ...env,
    },
    config: { resource: { detect: false } },
  });
  const scrapeUrl = telemetry.endpoints.find((e) => e.exporter === 'prometheus')!.url;
  return {
    telemetry,
    logger,
    meter: telemetry.meterProvider.getMeter('e2e'),
    scrape: async () => (await fetch(scrapeUrl)).text(),
  };
}

function only(samples: Sample[]): number {
  expect(samples).toHaveLength(1);
  return samples[0]!.value;
}

/** Polls VictoriaMetrics until `promql` returns exactly one sample equal to `expected`. */
async function expectExactly(promql: string, expected: number, timeoutMs = 20_000) {
  const samples = await vm.queryUntil(
    promql,
    (s) => s.length === 1 && s[0]!.value === expected,
    timeoutMs,
  );
  expect(only(samples)).toBe(expected);
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('OTLP push to a real VictoriaMetrics', () => {
  it('delivers exact counter, histogram and gauge values over http/protobuf', async () => {
    const { meter } = await startBoth('e2e-exact', {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
    });
    const orders = meter.createCounter('e2e_orders');
    const latency = meter.createHistogram('e2e_order_latency_seconds', { unit: 's' });
    const depth = meter.createGauge('e2e_queue_depth');
    for (let i = 0; i < 37; i++) orders.add(1, { region: 'eu' });
    for (let i = 0; i < 5; i++) orders.add(2, { region: 'us' });
    for (const [seconds, times] of [
      [0.003, 10],
      [0.2, 3],
      [4, 1],
    ] as const) {
      for (let i = 0; i < times; i++) latency.record(seconds);
    }
    depth.record(11);

    const svc = 'service_name="e2e-exact"';
    await expectExactly(`e2e_orders_total{${svc},region="eu"}`, 37);
    await expectExactly(`e2e_orders_total{${svc},region="us"}`, 10);
    await expectExactly(`e2e_order_latency_seconds_count{${svc}}`, 14);
    expect(only(await vm.query(`e2e_order_latency_seconds_sum{${svc}}`))).toBeCloseTo(4.63, 9);
    await expectExactly(`e2e_order_latency_seconds_bucket{${svc},le="0.005"}`, 10);
    await expectExactly(`e2e_order_latency_seconds_bucket{${svc},le="0.25"}`, 13);
    await expectExactly(`e2e_order_latency_seconds_bucket{${svc},le="+Inf"}`, 14);
    await expectExactly(`e2e_queue_depth{${svc}}`, 11);
  });

  it('accounts for its deliveries in meterline_otlp_* self-metrics, on both paths', async () => {
    const { meter, scrape } = await startBoth('e2e-self', {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
    });
    meter.createCounter('e2e_self_ticks').add(1);
    const svc = 'service_name="e2e-self"';
    // Pushed: the self-metrics of earlier exports travel with the later ones.
    await vm.queryUntil(`meterline_otlp_points_exported_total{${svc}}`, (s) => s[0]!.value > 0);
    await vm.queryUntil(`meterline_otlp_export_duration_seconds_count{${svc}}`, (s) => {
      return s.length === 1 && s[0]!.value > 0;
    });
    expect(await vm.query(`meterline_otlp_exports_failed_total{${svc}}`)).toEqual([]);
    // Pulled: the same counters on the Prometheus endpoint.
    const body = await scrape();
    expect(sampleValue(body, 'meterline_otlp_points_exported_total')).toBeGreaterThan(0);
    expect(
      sampleValue(body, 'meterline_otlp_export_duration_seconds_count', { outcome: 'success' }),
    ).toBeGreaterThan(0);
    expect(sampleValue(body, 'meterline_otlp_exports_failed_total')).toBeUndefined();
  });
});

describe('Prometheus pull and OTLP push on one meter provider', () => {
  it('reports exactly N on both after N adds, and repeated collections add no series', async () => {
    const {
      meter,
      scrape,
      telemetry: handle,
    } = await startBoth('e2e-dual', {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
      // Pushes are driven by forceFlush below; the interval stays out of the way.
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
    });
    const N = 250;
    const hits = meter.createCounter('e2e_dual_hits');
    const sizes = meter.createHistogram('e2e_dual_size_bytes', { unit: 'By' });
    for (let i = 0; i < N; i++) {
      hits.add(1, { shard: `s${i % 5}` });
      sizes.record(100 + i);
    }

    const svc = 'service_name="e2e-dual"';
    const vmSeries = `count({__name__=~"e2e_dual_.*",${svc}})`;
    await handle.forceFlush();
    const firstBody = await scrape();
    await expectExactly(`sum(e2e_dual_hits_total{${svc}})`, N);
    const firstVmSeries = only(await vm.query(vmSeries));
    const heapBefore = heapAfterGc();

    for (let round = 0; round < 40; round++) {
      await handle.forceFlush();
      await scrape();
    }
    const lastBody = await scrape();
    await handle.forceFlush();

    // Not double counted: each path reports N, not 2N, after 40 more pulls and pushes.
    let pulled = 0;
    for (let s = 0; s < 5; s++)
      pulled += sampleValue(lastBody, 'e2e_dual_hits_total', { shard: `s${s}` })!;
    expect(pulled).toBe(N);
    expect(sampleValue(lastBody, 'e2e_dual_size_bytes_count')).toBe(N);
    await expectExactly(`sum(e2e_dual_hits_total{${svc}})`, N);
    await expectExactly(`e2e_dual_size_bytes_count{${svc}}`, N);
    // No leak: the same series on both paths, and the heap did not keep what was collected.
    expect(seriesCount(lastBody, 'e2e_dual_')).toBe(seriesCount(firstBody, 'e2e_dual_'));
    expect(only(await vm.query(vmSeries))).toBe(firstVmSeries);
    expect(heapAfterGc() - heapBefore).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('receiver down for a while, then back', () => {
  it('keeps the service working with bounded memory, then delivers the exact totals', async () => {
    const { meter, scrape, logger } = await startBoth('e2e-outage', {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
    });
    const requests = meter.createCounter('e2e_outage_requests');
    const duration = meter.createHistogram('e2e_outage_duration_seconds', { unit: 's' });
    // A few hundred series, so a retained payload per failed export would show in the heap.
    let recorded = 0;
    const record = () => {
      requests.add(1, { route: `/r${recorded % 300}` });
      duration.record(0.01);
      recorded++;
    };
    let recorder = setInterval(() => {
      for (let i = 0; i < 10; i++) record();
    }, 5);

    const svc = 'service_name="e2e-outage"';
    await vm.queryUntil(`sum(e2e_outage_requests_total{${svc}})`, (s) => s[0]?.value !== undefined);

    await vm.stop();
    const failedOn = async (reason: string) =>
      sampleValue(await scrape(), 'meterline_otlp_exports_failed_total', { reason }) ?? 0;
    await pollUntil(async () => ((await failedOn('network')) >= 2 ? true : undefined), {
      what: 'two failed exports during the outage',
      timeoutMs: 15_000,
    });
    const heapAtStart = heapAfterGc();
    const failedAtStart = await failedOn('network');
    const recordedAtStart = recorded;
    await pollUntil(
      async () => ((await failedOn('network')) >= failedAtStart + 12 ? true : undefined),
      { what: 'twelve more failed exports', timeoutMs: 20_000 },
    );
    const heapGrowth = heapAfterGc() - heapAtStart;
    clearInterval(recorder);
    // The service kept working: it recorded throughout, and its pull endpoint reports exactly
    // what it recorded while push is down.
    expect(recorded).toBeGreaterThan(recordedAtStart);
    const body = await scrape();
    let pulled = 0;
    for (let r = 0; r < 300; r++) {
      pulled += sampleValue(body, 'e2e_outage_requests_total', { route: `/r${r}` }) ?? 0;
    }
    expect(pulled).toBe(recorded);
    // Nothing queues during an outage: twelve failed exports of ~300 series cost no heap to speak of.
    expect(heapGrowth).toBeLessThan(6 * 1024 * 1024);
    expect(logger.lines.filter((l) => l.includes('failed (network'))).toHaveLength(1);

    // Recording goes on while the receiver comes back.
    recorder = setInterval(() => {
      for (let i = 0; i < 10; i++) record();
    }, 5);
    await vm.restart();
    await vm.queryUntil(`sum(e2e_outage_requests_total{${svc}})`, (s) => s[0]!.value > pulled);
    clearInterval(recorder);

    await expectExactly(`sum(e2e_outage_requests_total{${svc}})`, recorded);
    await expectExactly(`e2e_outage_duration_seconds_count{${svc}}`, recorded);
    expect(logger.lines.some((l) => l.includes('succeeded again after'))).toBe(true);
    expect(unhandled).toEqual([]);
  });
});

describe('a receiver that accepts connections and never answers', () => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('times each export out and still runs the next intervals', async () => {
    let connections = 0;
    let requests = 0;
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('data', (chunk) => {
        if (chunk.toString('latin1').startsWith('POST ')) requests++;
      });
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };

    const { meter, scrape } = await startBoth('e2e-hang', {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${port}/v1/metrics`,
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    });
    meter.createCounter('e2e_hang_ticks').add(3);

    await pollUntil(
      async () => {
        const timedOut =
          sampleValue(await scrape(), 'meterline_otlp_exports_failed_total', {
            reason: 'timeout',
          }) ?? 0;
        return timedOut >= 4 ? timedOut : undefined;
      },
      { what: 'four exports timed out', timeoutMs: 15_000 },
    );
    // Each interval sent its own request, and gave it up: no pile of open requests.
    expect(requests).toBeGreaterThanOrEqual(4);
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(sockets.size).toBeLessThanOrEqual(2);
    expect(sampleValue(await scrape(), 'e2e_hang_ticks_total')).toBe(3);
    expect(unhandled).toEqual([]);
  });
});
