import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { recordingLogger, type RecordingLogger } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type TestPrometheus,
} from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';

// Silent data loss on name collisions: two instruments whose names normalize to one Prometheus
// name (`req.count` and `req_count`), two meters differing only in schema URL, or `add(x, {})` next
// to `add(y, { k: '' })` (Prometheus reads an empty label value as no label) were served as
// duplicate series; Prometheus keeps one value, drops the other, and says so only in its own log.
// Now the body never repeats a series: the later stream (or series) is left out, logged and
// counted in meterline_prometheus_dropped_streams_total.

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
  meter.createCounter('req_count').add(5, { route: '/a' });
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
        'runs_total{otel_scope_name="jobs",otel_scope_version="1.0"} 7',
        'tagged_total{otel_scope_name="web"} 1',
        'tagged_total{k="v",otel_scope_name="web"} 4',
      ].sort(),
    );
    const warnings = logger.lines.filter((l) => l.startsWith('warn: metrics exposition:'));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'instrument "req_count" of meter "web" dropped: it is served as req_count_total, like instrument "req.count"',
        ),
        expect.stringContaining(
          'instrument "runs" of meter "jobs" dropped: it is served as runs_total, like instrument "runs"',
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
      expect(await value('req_count_total')).toEqual([3]);
      expect(await value('runs_total')).toEqual([7]);
      expect((await value('tagged_total')).sort()).toEqual([1, 4]);
    });
  });
});
