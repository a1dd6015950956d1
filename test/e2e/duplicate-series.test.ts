import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { recordingLogger, type RecordingLogger } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type TestPrometheus,
} from '../support/prometheus.js';
import { openMetricsFamilies } from '../support/openmetrics-parser.js';
import { checkMetrics } from '../support/promtool.js';

const OPENMETRICS = 'application/openmetrics-text;version=1.0.0';

// Silent data loss on name collisions: two instruments whose names normalize to one Prometheus
// name (`req.count` and `req_count`), two meters differing only in schema URL, or `add(x, {})` next
// to `add(y, { k: '' })` (Prometheus reads an empty label value as no label) were served as
// duplicate series; Prometheus keeps one value, drops the other, and says so only in its own log.
// Now the body never repeats a series: compatible streams are merged into one family, and a series
// two of them would both write is served once (the first's); the other is left out, logged and
// counted in meterline_prometheus_dropped_streams_total.
// Names the exporter writes itself or OpenMetrics reserves broke the body too: a gauge `target_info`
// or a counter `target` beside the resource's target_info, an instrument named like a self-metric,
// a counter `foo` beside a gauge `foo_created`, and a counter observed at NaN. The first owner of a
// name keeps it (the exporter's own names first); the rest is left out, logged and counted.

let telemetry: TelemetryHandle;
let logger: RecordingLogger;
let url: string;

beforeAll(async () => {
  logger = recordingLogger();
  telemetry = await startTelemetry({
    plugins: [prometheusExporter],
    registerGlobal: false,
    logger,
    config: {
      resource: { detect: false },
      service: { name: 'dup' },
      metrics: { runtime: { enabled: false } },
      exporters: { prometheus: { port: 0 } },
    } as never,
  });
  url = telemetry.endpoints[0]!.url;
  const provider = telemetry.meterProvider;
  const meter = provider.getMeter('web');
  meter.createCounter('req.count').add(3, { route: '/a' });
  const reqCount = meter.createCounter('req_count');
  reqCount.add(5, { route: '/a' });
  reqCount.add(8, { route: '/b' });
  provider
    .getMeter('jobs', '1.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.20.0' })
    .createCounter('runs')
    .add(7);
  provider
    .getMeter('jobs', '1.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' })
    .createCounter('runs')
    .add(11);
  const tagged = meter.createCounter('tagged');
  tagged.add(1, {});
  tagged.add(2, { k: '' });
  tagged.add(4, { k: 'v' });
  const names = provider.getMeter('names');
  names.createGauge('target_info').record(1, { fake: 'yes' });
  names.createCounter('target').add(1);
  names.createGauge('meterline_prometheus_series').record(42);
  names.createCounter('foo').add(6);
  names.createGauge('foo_created').record(1);
  names.createObservableCounter('ticks').addCallback((r) => {
    r.observe(Number.NaN, { k: 'nan' });
    r.observe(4, { k: 'ok' });
  });
});

afterAll(async () => {
  await telemetry?.shutdown();
});

describe('streams and series that would be served twice', () => {
  it('serves each series once, in a body promtool accepts, and says what it left out', async () => {
    const body = await (await fetch(url, { headers: { accept: 'text/plain' } })).text();
    expect(checkMetrics(body)).toEqual({ exitCode: 0, output: '' });
    const samples = body
      .split('\n')
      .filter((l) => /^(req_count_total|runs_total|tagged_total)/.test(l));
    expect(samples.sort()).toEqual(
      [
        'req_count_total{route="/a",otel_scope_name="web"} 3',
        'req_count_total{route="/b",otel_scope_name="web"} 8',
        'runs_total{otel_scope_name="jobs",otel_scope_version="1.0"} 7',
        'tagged_total{otel_scope_name="web"} 1',
        'tagged_total{k="v",otel_scope_name="web"} 4',
      ].sort(),
    );
    const warnings = logger.lines.filter((l) => l.startsWith('warn: metrics exposition:'));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'instrument "req_count" of meter "web": series with attributes {"route":"/a"} dropped: instrument "req.count" serves it as req_count_total too',
        ),
        expect.stringContaining(
          'instrument "runs" of meter "jobs": series with attributes {} dropped: instrument "runs" serves it as runs_total too',
        ),
        expect.stringContaining(
          'instrument "tagged" of meter "web": series with attributes {"k":""} dropped',
        ),
      ]),
    );
    // Counted when a scrape ends, so the next body shows this one's three.
    const next = await (await fetch(url, { headers: { accept: 'text/plain' } })).text();
    expect(
      Number(/^meterline_prometheus_dropped_streams_total (\d+)$/m.exec(next)?.[1]),
    ).toBeGreaterThanOrEqual(3);
  });

  it('serves an OpenMetrics body the strict Python parser accepts, each name once', async () => {
    const body = await (await fetch(url, { headers: { accept: OPENMETRICS } })).text();
    const families = openMetricsFamilies(body);
    const names = families.map((f) => f.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const target = families.find((f) => f.name === 'target')!;
    expect(target.type).toBe('info');
    expect(target.samples.map((s) => [s.labels.service_name, s.labels.fake])).toEqual([
      ['dup', undefined],
    ]);
    const foo = families.find((f) => f.name === 'foo')!;
    expect(foo.type).toBe('counter');
    expect(foo.samples.map((s) => s.name)).toEqual(['foo_total', 'foo_created']);
    // The NaN observation never reaches the body (Meterline's engine refuses it for a counter; with
    // the sdk-metrics engine the exporter leaves it out: openmetrics-conformance.test.ts).
    expect(families.find((f) => f.name === 'ticks')!.samples.map((s) => [s.name, s.value])).toEqual(
      [
        ['ticks_total', 4],
        ['ticks_created', expect.any(Number)],
      ],
    );
    const warnings = logger.lines.filter((l) => l.startsWith('warn: metrics exposition:'));
    for (const expected of [
      'instrument "target_info" of meter "names" dropped: name target_info is taken by target_info',
      'instrument "target" of meter "names" dropped: name target is taken by target_info',
      'instrument "meterline_prometheus_series" of meter "names" dropped: name meterline_prometheus_series is taken by the endpoint\'s self-metrics',
      'instrument "foo_created" of meter "names" dropped: name foo_created is taken by family foo',
    ]) {
      expect(warnings).toContain(`warn: metrics exposition: ${expected}`);
    }
  });

  describe.each(PROMETHEUS_VERSIONS)('scraped by a real Prometheus %s', (version) => {
    let prometheus: TestPrometheus;
    beforeAll(async () => {
      prometheus = await startPrometheus([{ job: 'dup', url }], { version });
      await prometheus.waitForTargetsUp();
    });
    afterAll(async () => {
      await prometheus?.stop();
    });

    it('reports no duplicate samples and stores the values that were served', async () => {
      await prometheus.waitForScrapeAfter('dup', Date.now());
      expect(await prometheus.scrapeProblems()).toEqual([]);
      const value = async (q: string) => (await prometheus.query(q)).map((s) => s.value);
      const req = await prometheus.query('req_count_total');
      expect(req.map((s) => [s.metric.route, s.value]).sort()).toEqual([
        ['/a', 3],
        ['/b', 8],
      ]);
      expect(await value('runs_total')).toEqual([7]);
      expect((await value('tagged_total')).sort()).toEqual([1, 4]);
      expect(await value('up{job="dup"}')).toEqual([1]);
      // The exporter's own names hold the exporter's series, once.
      const info = await prometheus.query('target_info');
      expect(info.map((s) => [s.metric.service_name, s.metric.fake])).toEqual([['dup', undefined]]);
      expect(await prometheus.query('target_total')).toEqual([]);
      expect(await value('meterline_prometheus_series')).toHaveLength(1);
      expect(await value('meterline_prometheus_series')).not.toEqual([42]);
      expect(await value('foo_total')).toEqual([6]);
      expect(await value('ticks_total')).toEqual([4]);
    });
  });
});
