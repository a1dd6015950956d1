import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { influxExporter } from '@meterline/exporter-influx';
import {
  silentLogger,
  startTelemetry,
  type ConfigLayer,
  type Logger,
  type TelemetryHandle,
} from '@meterline/sdk';
import { startInfluxDB, type InfluxSeries, type TestInfluxDB } from '../support/influxdb.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// The InfluxDB line-protocol exporter writing to a real InfluxDB 1.6 and a real VictoriaMetrics
// 1.145, every value read back exactly, tag values with every character line protocol escapes.

const TRICKY = {
  path: '/a b,c=d',
  note: 'say "hi" \\ back\\slash',
  unicode: 'héllo wörld ✓',
  'key with space,comma=equals': 'v',
  trailing: 'ends with \\',
  double: 'a\\\\b',
};

let influx: TestInfluxDB;
let vm: TestVictoriaMetrics;
let telemetry: TelemetryHandle | undefined;

beforeAll(async () => {
  [influx, vm] = await Promise.all([startInfluxDB('meterline'), startVictoriaMetrics()]);
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});
afterAll(async () => {
  await influx?.stop();
  await vm?.remove();
});

async function start(
  env: Record<string, string>,
  service: string,
  extra: { logger?: Logger; config?: ConfigLayer } = {},
) {
  telemetry = await startTelemetry({
    plugins: [influxExporter],
    logger: extra.logger ?? silentLogger,
    registerGlobal: false,
    env: { OTEL_SERVICE_NAME: service, OTEL_METRIC_EXPORT_INTERVAL: '60000', ...env },
    config: { resource: { detect: false }, ...extra.config },
  });
  expect(telemetry.config.metrics.exporters).toEqual(['influx']);
  return telemetry;
}

function record(handle: TelemetryHandle, prefix: string) {
  const meter = handle.meterProvider.getMeter('e2e');
  const requests = meter.createCounter(`${prefix}_requests`);
  const inflight = meter.createUpDownCounter(`${prefix}_inflight`);
  const temperature = meter.createGauge(`${prefix}_temperature`);
  const latency = meter.createHistogram(`${prefix}_latency_seconds`, { unit: 's' });
  for (let i = 0; i < 5; i++) requests.add(1, TRICKY);
  requests.add(7, { path: '/plain' });
  inflight.add(9);
  inflight.add(-4);
  temperature.record(-12.5);
  for (const seconds of [0.003, 0.003, 0.2, 4]) latency.record(seconds);
  return { requests };
}

function row(series: InfluxSeries[], tags: Record<string, string>): Record<string, unknown> {
  const match = series.find((s) => Object.entries(tags).every(([k, v]) => s.tags?.[k] === v));
  if (!match)
    throw new Error(`no series with ${JSON.stringify(tags)} in ${JSON.stringify(series)}`);
  return Object.fromEntries(match.columns.map((c, i) => [c, match.values.at(-1)![i]]));
}

describe('InfluxDB line protocol to a real InfluxDB 1.6', () => {
  it('writes counters, gauges and histograms that read back exactly, tags escaped', async () => {
    const handle = await start(
      { METERLINE_INFLUX_URL: influx.url, METERLINE_INFLUX_DATABASE: 'meterline' },
      'influx-e2e',
    );
    const { requests } = record(handle, 'e2e_influx');
    await handle.forceFlush();

    const counters = await influx.queryUntil(
      'SELECT last("counter") AS "counter" FROM "e2e_influx_requests" GROUP BY *',
      (s) => s.length === 2,
    );
    const tricky = row(counters, {
      path: '/a b,c=d',
      // A backslash before a space, a backslash or the end reads differently in InfluxDB 1.x
      // and VictoriaMetrics: it becomes `_`. Any other backslash is kept.
      note: 'say "hi" _ back\\slash',
      unicode: 'héllo wörld ✓',
      'key with space,comma=equals': 'v',
      trailing: 'ends with _',
      double: 'a_\\b',
      'service.name': 'influx-e2e',
    });
    expect(tricky.counter).toBe(5);
    expect(row(counters, { path: '/plain' }).counter).toBe(7);

    const gauges = await influx.query(
      'SELECT last("gauge") FROM "e2e_influx_inflight", "e2e_influx_temperature"',
    );
    expect(Object.fromEntries(gauges.map((s) => [s.name, s.values[0]![1]]))).toEqual({
      e2e_influx_inflight: 5,
      e2e_influx_temperature: -12.5,
    });

    const histogram = await influx.query(
      'SELECT last("count") AS "count", last("sum") AS "sum", last("0.005") AS "le_0.005", ' +
        'last("0.25") AS "le_0.25", last("+Inf") AS "le_inf" FROM "e2e_influx_latency_seconds"',
    );
    const h = row(histogram, {});
    expect(h.count).toBe(4);
    expect(h.sum as number).toBeCloseTo(4.206, 10);
    expect([h['le_0.005'], h['le_0.25'], h.le_inf]).toEqual([2, 3, 4]);

    // Cumulative: the next write carries the running total.
    requests.add(3, { path: '/plain' });
    await handle.forceFlush();
    await influx.queryUntil(
      `SELECT last("counter") FROM "e2e_influx_requests" WHERE "path" = '/plain'`,
      (s) => s[0]?.values[0]?.[1] === 10,
    );
  });

  it('writes a summary view as count, sum and one field per quantile that read back exactly', async () => {
    const handle = await start(
      { METERLINE_INFLUX_URL: influx.url, METERLINE_INFLUX_DATABASE: 'meterline' },
      'influx-summary',
      {
        config: {
          metrics: {
            runtime: { enabled: false },
            views: [
              {
                instrument: 'e2e_summary_wait',
                aggregation: { type: 'summary', objectives: { '0.5': 0.05, '0.99': 0.001 } },
              },
            ],
          },
        },
      },
    );
    const wait = handle.meterProvider.getMeter('e2e').createHistogram('e2e_summary_wait');
    for (let i = 1; i <= 100; i++) wait.record(i, { queue: 'q1' });
    await handle.forceFlush();
    const series = await influx.queryUntil(
      'SELECT last("count") AS "count", last("sum") AS "sum", last("0.5") AS "p50", ' +
        'last("0.99") AS "p99" FROM "e2e_summary_wait" GROUP BY "queue"',
      (s) => s.length === 1,
    );
    expect(row(series, { queue: 'q1' })).toMatchObject({ count: 100, sum: 5050, p50: 50, p99: 99 });
  });

  it('refuses a write to a database that does not exist, and says so once', async () => {
    const warnings: string[] = [];
    const handle = await start(
      { METERLINE_INFLUX_URL: influx.url, METERLINE_INFLUX_DATABASE: 'missing' },
      'influx-missing',
      { logger: { info() {}, warn: (m) => warnings.push(m), error() {} } },
    );
    handle.meterProvider.getMeter('e2e').createCounter('e2e_missing').add(1);
    await handle.forceFlush();
    await handle.forceFlush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /InfluxDB write to .*db=missing.* failed: HTTP 404: .*database not found/,
    );
  });
});

describe('InfluxDB line protocol to a real VictoriaMetrics', () => {
  for (const api of ['v1', 'v2'] as const) {
    it(`writes exact values through ${api === 'v1' ? '/write' : '/api/v2/write'}`, async () => {
      const service = `influx-vm-${api}`;
      // In code, as a service would ship it: no variable needed.
      const handle = await start({}, service, {
        config: {
          metrics: { exporters: ['influx'] },
          exporters: { influx: { url: vm.url, api, bucket: 'vmbucket' } },
        },
      });
      record(handle, `e2e_vm_${api}`);
      await handle.forceFlush();

      const svc = `service.name="${service}"`;
      // VictoriaMetrics names a series `<measurement>_<field>` and keeps tags as labels.
      const samples = await vm.queryUntil(
        `e2e_vm_${api}_requests_counter{${svc}}`,
        (s) => s.length === 2,
      );
      const byPath = Object.fromEntries(samples.map((s) => [s.metric.path, s.value]));
      expect(byPath).toEqual({ '/a b,c=d': 5, '/plain': 7 });
      const tricky = samples.find((s) => s.metric.path === '/a b,c=d')!.metric;
      expect(tricky).toMatchObject({
        note: 'say "hi" _ back\\slash',
        unicode: 'héllo wörld ✓',
        'key with space,comma=equals': 'v',
        trailing: 'ends with _',
        double: 'a_\\b',
      });
      const one = async (q: string) => (await vm.query(`${q}{${svc}}`)).map((s) => s.value);
      expect(await one(`e2e_vm_${api}_inflight_gauge`)).toEqual([5]);
      expect(await one(`e2e_vm_${api}_temperature_gauge`)).toEqual([-12.5]);
      expect(await one(`e2e_vm_${api}_latency_seconds_count`)).toEqual([4]);
    });
  }
});
