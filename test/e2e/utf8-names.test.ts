import type { TelemetryHandle } from '@meterline/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEndpoint } from '../support/endpoint.js';
import {
  DEFAULT_SCRAPE_ACCEPT,
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type TestPrometheus,
} from '../support/prometheus.js';
import {
  decodeFamilies,
  type DecodedMetric,
} from '../../packages/exporter-prometheus/test/exposition/proto-decoder.js';

const PROTOBUF =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

function labelsOf(metric: DecodedMetric): Record<string, string> {
  return Object.fromEntries((metric.label ?? []).map((l) => [l.name, l.value]));
}

// With a UTF-8 translation strategy (`NoUTF8EscapingWithSuffixes`), names keep their dots: served
// quoted to a scraper whose Accept says `escaping=allow-utf-8` (Prometheus 3.5's default), and
// underscore-escaped to one that does not (Prometheus 2.53); attribute keys alike. Each stores
// names it can read.

let telemetry: TelemetryHandle;
let url: string;

beforeAll(async () => {
  ({ telemetry, url } = await startEndpoint({
    service: 'utf8',
    prometheus: { translationStrategy: 'NoUTF8EscapingWithSuffixes' },
  }));
  const meter = telemetry.meterProvider.getMeter('shop');
  meter.createCounter('http.server.requests').add(3, { 'http.route': '/a' });
  meter
    .createHistogram('db.query.duration', { unit: 's', advice: { explicitBucketBoundaries: [1] } })
    .record(0.25);
});

afterAll(async () => {
  await telemetry?.shutdown();
});

describe('UTF-8 names and the escaping parameter of Accept', () => {
  it('quotes them for Prometheus 3.5 and says so in the content type', async () => {
    const response = await fetch(url, { headers: { accept: DEFAULT_SCRAPE_ACCEPT['3.5'] } });
    expect(response.headers.get('content-type')).toBe(
      'application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=allow-utf-8',
    );
    const body = await response.text();
    expect(body).toContain(
      '{"http.server.requests_total","http.route"="/a",otel_scope_name="shop"} 3\n',
    );
    expect(body).toContain('# TYPE "db.query.duration_seconds" histogram\n');
  });

  it('escapes them with underscores for Prometheus 2.53 and for text', async () => {
    for (const accept of [DEFAULT_SCRAPE_ACCEPT['2.53'], 'text/plain']) {
      const body = await (await fetch(url, { headers: { accept } })).text();
      expect(body).toContain(
        'http_server_requests_total{http_route="/a",otel_scope_name="shop"} 3\n',
      );
      expect(body).not.toContain('"http.server');
    }
  });

  it('names target_info labels like every other label', async () => {
    const quoted = await (
      await fetch(url, { headers: { accept: DEFAULT_SCRAPE_ACCEPT['3.5'] } })
    ).text();
    expect(quoted).toMatch(/^target_info\{.*"service\.name"="utf8".*\} 1$/m);
    const escaped = await (
      await fetch(url, { headers: { accept: DEFAULT_SCRAPE_ACCEPT['2.53'] } })
    ).text();
    expect(escaped).toMatch(/^target_info\{.*service_name="utf8".*\} 1$/m);
  });

  it('serves them over protobuf to a scraper whose protobuf range allows UTF-8', async () => {
    const asked = `${PROTOBUF};escaping=allow-utf-8`;
    const response = await fetch(url, { headers: { accept: asked } });
    expect(response.headers.get('content-type')).toBe(`${PROTOBUF}; escaping=allow-utf-8`);
    const families = decodeFamilies(new Uint8Array(await response.arrayBuffer()));
    const requests = families.find((f) => f.name === 'http.server.requests_total');
    expect(requests?.metric.map((m) => [labelsOf(m)['http.route'], m.counter?.value])).toEqual([
      ['/a', 3],
    ]);
    const target = families.find((f) => f.name === 'target_info');
    expect(labelsOf(target!.metric[0]!)['service.name']).toBe('utf8');
  });

  it("escapes them over protobuf for Prometheus 3.5's protobuf range, which asks for nothing", async () => {
    // 3.5 puts `escaping` on its text ranges only; client_golang then escapes with underscores too.
    const response = await fetch(url, { headers: { accept: PROTOBUF } });
    expect(response.headers.get('content-type')).toBe(PROTOBUF);
    const families = decodeFamilies(new Uint8Array(await response.arrayBuffer()));
    const requests = families.find((f) => f.name === 'http_server_requests_total');
    expect(requests?.metric.map((m) => labelsOf(m)['http_route'])).toEqual(['/a']);
    expect(families.some((f) => f.name.includes('.'))).toBe(false);
  });

  describe.each(PROMETHEUS_VERSIONS)('scraped by a real Prometheus %s', (version) => {
    let prometheus: TestPrometheus;
    beforeAll(async () => {
      prometheus = await startPrometheus([{ job: 'utf8', url }], { version });
      await prometheus.waitForTargetsUp();
    });
    afterAll(async () => {
      await prometheus?.stop();
    });

    it('keeps the target up and stores the names it was served', async () => {
      expect((await prometheus.query('up{job="utf8"}')).map((s) => s.value)).toEqual([1]);
      expect(await prometheus.scrapeProblems()).toEqual([]);
      const name = version === '3.5' ? 'http.server.requests_total' : 'http_server_requests_total';
      const requests = await prometheus.query(`{__name__="${name}"}`);
      const route = version === '3.5' ? 'http.route' : 'http_route';
      expect(requests.map((s) => [s.metric[route], s.value])).toEqual([['/a', 3]]);
      const buckets =
        version === '3.5' ? 'db.query.duration_seconds_bucket' : 'db_query_duration_seconds_bucket';
      const target = await prometheus.query('target_info{job="utf8"}');
      const serviceLabel = version === '3.5' ? 'service.name' : 'service_name';
      expect(target.map((s) => s.metric[serviceLabel])).toEqual(['utf8']);
      const stored = await prometheus.query(`{__name__="${buckets}"}`);
      expect(stored.map((s) => [s.metric.le, s.value]).sort()).toEqual([
        ['+Inf', 1],
        ['1.0', 1],
      ]);
    });
  });
});
