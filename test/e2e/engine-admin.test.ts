import { ROOT_CONTEXT, TraceFlags, trace, type Counter } from '@opentelemetry/api';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { silentLogger, startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openMetricsFamilies,
  type ParsedFamily,
  type ParsedSample,
} from '../support/openmetrics-parser.js';
import { startPrometheus, type Sample } from '../support/prometheus.js';

// A service (startTelemetry with the Prometheus exporter on a loopback port) changed at runtime
// through `handle.admin`; after each action the next scrape of the real endpoint is parsed by the
// strict OpenMetrics parser of Python's prometheus_client, and shows the action's effect. Then a
// real Prometheus scraping a second service sees a lowered limit and a switched-off instrument.

let telemetry: TelemetryHandle;
let admin: NonNullable<TelemetryHandle['admin']>;
let url: string;
let requests: Counter;

const sampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
});

beforeAll(async () => {
  telemetry = await startTelemetry({
    plugins: [prometheusExporter],
    logger: silentLogger,
    env: {},
    registerGlobal: false,
    defaults: { service: { name: 'admin-e2e' } },
    config: {
      exporters: { prometheus: { port: 0, host: '127.0.0.1' } },
      metrics: { runtime: { enabled: false } },
    },
  });
  admin = telemetry.admin!;
  url = telemetry.endpoints[0]!.url;
  requests = telemetry.meterProvider.getMeter('shop').createCounter('requests');
});

afterAll(async () => {
  await telemetry?.shutdown();
});

/** The next scrape, as the strict OpenMetrics parser reads it. */
async function scrape(): Promise<readonly ParsedFamily[]> {
  const response = await fetch(url, {
    headers: { accept: 'application/openmetrics-text; version=1.0.0' },
  });
  expect(response.status).toBe(200);
  return openMetricsFamilies(await response.text());
}

function samples(families: readonly ParsedFamily[], sample: string): ParsedSample[] {
  return families.flatMap((f) => f.samples).filter((s) => s.name === sample);
}

/** `requests_total` by its `route` label (`overflow` for the overflow series). */
function byRoute(families: readonly ParsedFamily[], sample = 'requests_total') {
  const out: Record<string, number> = {};
  for (const s of samples(families, sample)) {
    const key = s.labels.otel_metric_overflow === 'true' ? 'overflow' : s.labels.route!;
    out[key] = s.value as number;
  }
  return out;
}

describe('runtime administration of a running service, seen in the next scrape', () => {
  it('instruments(): the series count matches the scrape', async () => {
    for (let i = 0; i < 6; i++) requests.add(i + 1, { route: `/r${i}` });
    expect(samples(await scrape(), 'requests_total')).toHaveLength(6);
    expect(admin.instruments().find((i) => i.name === 'requests')).toMatchObject({
      scope: { name: 'shop' },
      kind: 'counter',
      seriesCount: 6,
      cardinalityLimit: 2000,
      enabled: true,
    });
  });

  it('setCardinalityLimit lowered: the scrape serves the new limit at once, the total kept in the overflow series', async () => {
    admin.setCardinalityLimit('requests', 3);
    const families = await scrape();
    // /r0, /r1 stay; /r2../r5 (3 + 4 + 5 + 6) fold into the overflow series: 21 in all, as before.
    expect(byRoute(families)).toEqual({ '/r0': 1, '/r1': 2, overflow: 18 });
    expect(
      samples(families, 'meterline_engine_series_removed_total').find(
        (s) => s.labels.metric === 'requests',
      ),
    ).toMatchObject({ labels: expect.objectContaining({ reason: 'limit_lowered' }), value: 4 });
    // A new route now goes to the overflow series.
    requests.add(100, { route: '/new' });
    expect(byRoute(await scrape())).toEqual({ '/r0': 1, '/r1': 2, overflow: 118 });
  });

  it('evictSeries: the matched series are gone from the next scrape, and restart from zero', async () => {
    admin.setCardinalityLimit('requests', undefined);
    const created = samples(await scrape(), 'requests_created').find(
      (s) => s.labels.route === '/r1',
    )!.value as number;
    expect(admin.evictSeries('requests', [{ name: 'route', type: '=~', value: '/r[1-9]' }])).toBe(
      1,
    );
    expect(byRoute(await scrape())).toEqual({ '/r0': 1, overflow: 118 });
    expect(
      admin.evictSeries('requests', [{ name: 'otel.metric.overflow', type: '!=', value: '' }]),
    ).toBe(1);
    expect(byRoute(await scrape())).toEqual({ '/r0': 1 });
    requests.add(5, { route: '/r1' });
    const families = await scrape();
    expect(byRoute(families)).toEqual({ '/r0': 1, '/r1': 5 });
    const recreated = samples(families, 'requests_created').find((s) => s.labels.route === '/r1')!
      .value as number;
    // A new series: a new start time (three scrapes and parses lie between the two).
    expect(recreated).toBeGreaterThan(created);
  });

  it('setEnabled(false): the family disappears and recordings are dropped; (true): from zero, with a new start time', async () => {
    const createdOf = (families: readonly ParsedFamily[]) =>
      samples(families, 'requests_created').find((s) => s.labels.route === '/r0')!.value as number;
    const created = createdOf(await scrape());
    admin.setEnabled('requests', false);
    requests.add(1000, { route: '/r0' });
    expect(samples(await scrape(), 'requests_total')).toEqual([]);
    expect(admin.instruments().find((i) => i.name === 'requests')).toMatchObject({
      enabled: false,
      seriesCount: 0,
    });
    admin.setEnabled('requests', true);
    requests.add(2, { route: '/r0' });
    const families = await scrape();
    expect(byRoute(families)).toEqual({ '/r0': 2 });
    expect(createdOf(families)).toBeGreaterThan(created);
  });

  it('setExemplarFilter: always_on puts an exemplar on a measurement without a span, always_off none on a sampled one', async () => {
    expect(admin.exemplarFilter()).toBe('trace_based');
    requests.add(1, { route: '/on' });
    const before = samples(await scrape(), 'requests_total').find((s) => s.labels.route === '/on')!;
    expect(before.exemplar).toBeNull();

    admin.setExemplarFilter('always_on');
    requests.add(7, { route: '/on' });
    const on = samples(await scrape(), 'requests_total').find((s) => s.labels.route === '/on')!;
    expect(on.exemplar).toMatchObject({ labels: {}, value: 7 });

    admin.setExemplarFilter('always_off');
    requests.add(9, { route: '/off' }, sampled);
    const off = samples(await scrape(), 'requests_total').find((s) => s.labels.route === '/off')!;
    expect(off.value).toBe(9);
    expect(off.exemplar).toBeNull();
    admin.setExemplarFilter('trace_based');
  });

  it('refuses bad input with a clear error, and the endpoint keeps serving', async () => {
    expect(() => admin.setCardinalityLimit('requests', 0)).toThrow(RangeError);
    expect(() => admin.setEnabled('no.such.metric', false)).toThrow(
      'no instrument is named "no.such.metric"',
    );
    expect(() =>
      admin.evictSeries('requests', [{ name: 'route', type: '=~', value: '([' }]),
    ).toThrow(SyntaxError);
    expect(byRoute(await scrape())['/r0']).toBe(2);
  });
});

describe('a real Prometheus scraping a service whose limit is lowered, then whose instrument is switched off', () => {
  it('stores the capped series with the sum unchanged, then no series at all', async () => {
    const service = await startTelemetry({
      plugins: [prometheusExporter],
      logger: silentLogger,
      env: {},
      registerGlobal: false,
      defaults: { service: { name: 'admin-prometheus' } },
      config: {
        exporters: { prometheus: { port: 0, host: '127.0.0.1' } },
        metrics: { runtime: { enabled: false } },
      },
    });
    const prometheus = await startPrometheus([{ job: 'svc', url: service.endpoints[0]!.url }]);
    try {
      const jobs = service.meterProvider.getMeter('queue').createCounter('jobs');
      for (let i = 1; i <= 20; i++) jobs.add(i, { queue: `q${i}` });
      const value = (samples: Sample[]) => samples[0]?.value;
      await prometheus.queryUntil('count(jobs_total)', (r) => value(r) === 20);
      expect(value(await prometheus.query('sum(jobs_total)'))).toBe(210);

      const lowered = Date.now();
      service.admin!.setCardinalityLimit('jobs', 5);
      await prometheus.waitForScrapeAfter('svc', lowered);
      expect(value(await prometheus.query('count(jobs_total)'))).toBe(5);
      expect(value(await prometheus.query('sum(jobs_total)'))).toBe(210);
      // q1..q4 keep their series; q5..q20 (200) are in the overflow series.
      expect(value(await prometheus.query('jobs_total{otel_metric_overflow="true"}'))).toBe(200);

      const disabled = Date.now();
      service.admin!.setEnabled('jobs', false);
      jobs.add(1, { queue: 'q1' });
      await prometheus.waitForScrapeAfter('svc', disabled);
      expect(await prometheus.query('jobs_total')).toEqual([]);
      expect(await prometheus.scrapeProblems()).toEqual([]);
    } finally {
      await prometheus.stop();
      await service.shutdown();
    }
  });
});
