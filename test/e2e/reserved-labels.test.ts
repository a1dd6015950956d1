import type { TelemetryHandle } from '@meterline/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEndpoint } from '../support/endpoint.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  storedLe,
  type TestPrometheus,
} from '../support/prometheus.js';
import { openMetricsFamilies } from '../support/openmetrics-parser.js';
import { checkMetrics } from '../support/promtool.js';

// One attribute used to take a service's monitoring down: a histogram recorded with an attribute
// `le`, or any instrument with an attribute `otel_scope_name`, was served with that label twice;
// Prometheus rejects the whole scrape (every metric of the target is lost) and promtool refuses
// the body. The exporter's own label now wins and the attribute is kept as `exported_<label>`.

let telemetry: TelemetryHandle;
let url: string;

beforeAll(async () => {
  ({ telemetry, url } = await startEndpoint({ service: 'shop' }));
  const meter = telemetry.meterProvider.getMeter('shop');
  meter
    .createHistogram('checkout_latency', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1] },
    })
    .record(0.5, { le: 'user-value' });
  meter.createCounter('orders').add(2, { otel_scope_name: 'mine', otel_scope_version: 'v9' });
  meter.createCounter('healthy').add(1);
});

afterAll(async () => {
  await telemetry?.shutdown();
});

describe('attributes named like the labels the exporter writes', () => {
  it('promtool accepts the text body, which keeps the attributes as exported_*', async () => {
    const body = await (await fetch(url, { headers: { accept: 'text/plain' } })).text();
    expect(checkMetrics(body)).toEqual({ exitCode: 0, output: '' });
    expect(body).toContain(
      'checkout_latency_seconds_bucket{exported_le="user-value",otel_scope_name="shop",le="0.1"} 0',
    );
    expect(body).toContain(
      'orders_total{exported_otel_scope_name="mine",exported_otel_scope_version="v9",otel_scope_name="shop"} 2',
    );
  });

  it('the strict OpenMetrics parser accepts the OpenMetrics body, with the attributes as exported_*', async () => {
    const body = await (
      await fetch(url, { headers: { accept: 'application/openmetrics-text;version=1.0.0' } })
    ).text();
    const latency = openMetricsFamilies(body).find((f) => f.name === 'checkout_latency_seconds')!;
    expect(
      latency.samples
        .filter((s) => s.name.endsWith('_bucket'))
        .map((s) => [s.labels.exported_le, s.labels.le, s.value]),
    ).toEqual([
      ['user-value', '0.1', 0],
      ['user-value', '1.0', 1],
      ['user-value', '+Inf', 1],
    ]);
  });

  describe.each(PROMETHEUS_VERSIONS)('scraped by a real Prometheus %s (OpenMetrics)', (version) => {
    let prometheus: TestPrometheus;
    beforeAll(async () => {
      prometheus = await startPrometheus([{ job: 'shop', url }], { version });
      await prometheus.waitForTargetsUp();
    });
    afterAll(async () => {
      await prometheus?.stop();
    });

    it('keeps the target up and stores every series with both labels', async () => {
      expect((await prometheus.query('up{job="shop"}')).map((s) => s.value)).toEqual([1]);
      expect(await prometheus.scrapeProblems()).toEqual([]);
      const buckets = await prometheus.query(
        'checkout_latency_seconds_bucket{exported_le="user-value"}',
      );
      expect(buckets.map((s) => [s.metric.le, s.value]).sort()).toEqual(
        [
          [storedLe(version, '0.1'), 0],
          [storedLe(version, '1'), 1],
          ['+Inf', 1],
        ].sort(),
      );
      const orders = await prometheus.query('orders_total');
      expect(
        orders.map((s) => [s.metric.exported_otel_scope_name, s.metric.otel_scope_name, s.value]),
      ).toEqual([['mine', 'shop', 2]]);
      expect((await prometheus.query('healthy_total')).map((s) => s.value)).toEqual([1]);
    });
  });
});
