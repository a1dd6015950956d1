import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startChild, type Child } from '../support/child.js';
import { openMetricsFamilies, type ParsedFamily } from '../support/openmetrics-parser.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  storedLe,
  type PrometheusVersion,
  type TestPrometheus,
} from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';
import { repoRoot } from '../support/real-parts.js';

// The TypeScript examples in examples/, run for real with this Node (type stripping): `--once`
// prints exactly the expected lines and exits 0; serving, each is scraped by a real Prometheus of
// both versions whose stored values are queried back exactly, and stops on SIGINT with exit code 0.
// custom-metrics' exposition is also judged by the strict OpenMetrics parser of the Python
// prometheus_client and by promtool.

const SCOPE_SHOP = 'otel_scope_name="example.shop",otel_scope_version="1.0.0"';
const SCOPE_CUSTOM = 'otel_scope_name="example.custom",otel_scope_version="1.0.0"';

interface Example {
  readonly file: string;
  /** The printed URL line's prefix. */
  readonly name: string;
  /** What `--once` prints after the URL line. */
  readonly once: readonly string[];
}

const PROMETHEUS_INTEGRATION: Example = {
  file: 'prometheus-integration.ts',
  name: 'prometheus-integration',
  once: [
    `shop_orders_total{region="eu",${SCOPE_SHOP}} 3`,
    `shop_orders_total{region="us",${SCOPE_SHOP}} 2`,
    ...['0.05', '0.1', '0.25', '0.5', '1.0', '+Inf'].map(
      (le, i) =>
        `shop_checkout_duration_seconds_bucket{region="eu",${SCOPE_SHOP},le="${le}"} ${i === 0 ? 0 : 3}`,
    ),
    `shop_checkout_duration_seconds_sum{region="eu",${SCOPE_SHOP}} 0.24`,
    `shop_checkout_duration_seconds_count{region="eu",${SCOPE_SHOP}} 3`,
    ...['0.05', '0.1', '0.25', '0.5', '1.0', '+Inf'].map(
      (le, i) =>
        `shop_checkout_duration_seconds_bucket{region="us",${SCOPE_SHOP},le="${le}"} ${i < 3 ? 0 : 2}`,
    ),
    `shop_checkout_duration_seconds_sum{region="us",${SCOPE_SHOP}} 0.6`,
    `shop_checkout_duration_seconds_count{region="us",${SCOPE_SHOP}} 2`,
    `shop_carts_open{${SCOPE_SHOP}} 2`,
  ],
};

const CUSTOM_METRICS: Example = {
  file: 'custom-metrics.ts',
  name: 'custom-metrics',
  once: [
    `app_requests_total{route="/checkout",${SCOPE_CUSTOM}} 3`,
    `app_requests_total{route="/search",${SCOPE_CUSTOM}} 5`,
    `app_temperature_celsius{room="lab",${SCOPE_CUSTOM}} 23.25`,
    `app_queue_depth{queue="email",${SCOPE_CUSTOM}} 7`,
    `app_payload_size_bytes_bucket{route="/upload",${SCOPE_CUSTOM},le="100.0"} 1`,
    `app_payload_size_bytes_bucket{route="/upload",${SCOPE_CUSTOM},le="1000.0"} 3`,
    `app_payload_size_bytes_bucket{route="/upload",${SCOPE_CUSTOM},le="10000.0"} 4`,
    `app_payload_size_bytes_bucket{route="/upload",${SCOPE_CUSTOM},le="+Inf"} 5`,
    `app_payload_size_bytes_sum{route="/upload",${SCOPE_CUSTOM}} 56050`,
    `app_payload_size_bytes_count{route="/upload",${SCOPE_CUSTOM}} 5`,
    `app_job_duration_seconds{batch="nightly",${SCOPE_CUSTOM},quantile="0.5"} 50`,
    `app_job_duration_seconds{batch="nightly",${SCOPE_CUSTOM},quantile="0.9"} 90`,
    `app_job_duration_seconds{batch="nightly",${SCOPE_CUSTOM},quantile="0.99"} 99`,
    `app_job_duration_seconds_sum{batch="nightly",${SCOPE_CUSTOM}} 5050`,
    `app_job_duration_seconds_count{batch="nightly",${SCOPE_CUSTOM}} 100`,
    `app_workers{pool="default",${SCOPE_CUSTOM}} 3`,
  ],
};

let running: Child | undefined;
let prometheus: TestPrometheus | undefined;

afterEach(async () => {
  await prometheus?.stop();
  prometheus = undefined;
  await running?.stop('SIGTERM');
  running = undefined;
});

function run(example: Example, args: string[]): Child {
  return startChild(process.execPath, [join(repoRoot, 'examples', example.file), ...args], {
    cwd: repoRoot,
    env: { ...process.env, OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
  });
}

/** Starts `example` serving; its metrics URL once it says it is ready. */
async function serve(example: Example): Promise<string> {
  running = run(example, []);
  const url = (
    await running.waitForOutput(new RegExp(`^${example.name} metrics: (http\\S+)$`, 'm'))
  )[1]!;
  await running.waitForOutput(new RegExp(`^${example.name} ready`, 'm'));
  return url;
}

/** The instant vector of `promql` as label value → value, once it holds exactly `expected`'s keys. */
async function byLabel(promql: string, label: string, expected: Record<string, number>) {
  const keys = Object.keys(expected).sort().join();
  const samples = await prometheus!.queryUntil(
    promql,
    (s) =>
      s
        .map((x) => x.metric[label])
        .sort()
        .join() === keys,
  );
  return Object.fromEntries(samples.map((s) => [s.metric[label], s.value]));
}

/** The value of a query that returns one sample. */
async function one(promql: string): Promise<number> {
  return (await prometheus!.queryUntil(promql, (s) => s.length === 1))[0]!.value;
}

describe.each([PROMETHEUS_INTEGRATION, CUSTOM_METRICS])('$file --once', (example) => {
  it('prints exactly its lines and exits 0', async () => {
    const child = run(example, ['--once']);
    running = child;
    expect(await child.exited()).toBe(0);
    const [first, ...lines] = child.stdout().trimEnd().split('\n');
    expect(first).toMatch(
      new RegExp(`^${example.name} metrics: http://127\\.0\\.0\\.1:\\d+/metrics$`),
    );
    expect(lines).toEqual(example.once);
    // Nothing went wrong (Node 22 may print an ExperimentalWarning for type stripping: not an error).
    expect(child.stderr()).not.toMatch(/error|warn:/i);
  });
});

describe('dashboard.ts --once', () => {
  it('feeds every panel of the metrics-module dashboard and exits 0', async () => {
    const dashboard = JSON.parse(
      readFileSync(join(repoRoot, 'deploy/grafana/dashboards/metrics-module.json'), 'utf8'),
    ) as { panels: { type: string; title: string }[] };
    const titles = dashboard.panels.filter((p) => p.type !== 'row').map((p) => p.title);
    const child = startChild(
      process.execPath,
      [join(repoRoot, 'examples', 'dashboard.ts'), '--once'],
      {
        cwd: repoRoot,
        env: { ...process.env, METRICS_MODULE_METRICS_PORT: '0', METRICS_MODULE_GRPC_PORT: '0' },
      },
    );
    running = child;
    expect(await child.exited()).toBe(0);
    const fed = child
      .stdout()
      .split('\n')
      .filter((line) => /^(fed|MISSING): /.test(line))
      .map((line) => line.replace(/ \([^()]*\)$/, ''));
    expect(fed).toEqual(titles.map((title) => `fed: ${title}`));
  });
});

describe("custom-metrics' exposition judged by third parties", () => {
  it('is read by the strict OpenMetrics parser with every type and value, and passes promtool', async () => {
    const url = await serve(CUSTOM_METRICS);
    const openMetrics = await fetch(url, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    });
    expect(openMetrics.headers.get('content-type')).toMatch(/^application\/openmetrics-text/);
    const families = openMetricsFamilies(await openMetrics.text());
    const family = (name: string): ParsedFamily => {
      const found = families.find((f) => f.name === name);
      if (!found) throw new Error(`no family ${name} in ${families.map((f) => f.name).join()}`);
      return found;
    };
    const samples = (name: string, label: string, value: string) =>
      family(name)
        .samples.filter((s) => s.labels[label] === value && !s.name.endsWith('_created'))
        .map((s) => [s.name, s.labels['le'] ?? s.labels['quantile'] ?? '', s.value]);

    expect(family('app_requests').type).toBe('counter');
    expect(samples('app_requests', 'route', '/checkout')).toEqual([['app_requests_total', '', 3]]);
    expect(samples('app_requests', 'route', '/search')).toEqual([['app_requests_total', '', 5]]);
    expect([
      family('app_temperature_celsius').type,
      family('app_temperature_celsius').unit,
    ]).toEqual(['gauge', 'celsius']);
    expect(samples('app_temperature_celsius', 'room', 'lab')).toEqual([
      ['app_temperature_celsius', '', 23.25],
    ]);
    expect(family('app_queue_depth').type).toBe('gauge');
    expect(samples('app_queue_depth', 'queue', 'email')).toEqual([['app_queue_depth', '', 7]]);
    expect([family('app_payload_size_bytes').type, family('app_payload_size_bytes').unit]).toEqual([
      'histogram',
      'bytes',
    ]);
    expect(samples('app_payload_size_bytes', 'route', '/upload')).toEqual([
      ['app_payload_size_bytes_bucket', '100.0', 1],
      ['app_payload_size_bytes_bucket', '1000.0', 3],
      ['app_payload_size_bytes_bucket', '10000.0', 4],
      ['app_payload_size_bytes_bucket', '+Inf', 5],
      ['app_payload_size_bytes_sum', '', 56050],
      ['app_payload_size_bytes_count', '', 5],
    ]);
    expect(family('app_job_duration_seconds').type).toBe('summary');
    expect(samples('app_job_duration_seconds', 'batch', 'nightly')).toEqual([
      ['app_job_duration_seconds', '0.5', 50],
      ['app_job_duration_seconds', '0.9', 90],
      ['app_job_duration_seconds', '0.99', 99],
      ['app_job_duration_seconds_sum', '', 5050],
      ['app_job_duration_seconds_count', '', 100],
    ]);
    expect(family('app_workers').type).toBe('gauge');
    expect(samples('app_workers', 'pool', 'default')).toEqual([['app_workers', '', 3]]);

    const text = await (
      await fetch(url, { headers: { accept: 'text/plain; version=0.0.4' } })
    ).text();
    expect(text).toContain('# TYPE app_job_duration_seconds summary\n');
    expect(checkMetrics(text, 'promtool')).toEqual({ exitCode: 0, output: '' });
    expect(checkMetrics(text, 'promtool3')).toEqual({ exitCode: 0, output: '' });
    expect(await running!.stop('SIGINT')).toBe(0);
  });
});

describe.each(PROMETHEUS_VERSIONS)(
  'the examples serving, scraped by a real Prometheus %s',
  (version) => {
    async function scrapedBy(example: Example, v: PrometheusVersion) {
      const url = await serve(example);
      prometheus = await startPrometheus([{ job: example.name, url }], { version: v });
      await prometheus.waitForTargetsUp();
    }

    it('prometheus-integration: exact values stored; SIGINT exits 0', async () => {
      await scrapedBy(PROMETHEUS_INTEGRATION, version);
      expect(
        await byLabel('shop_orders_total{region=~"eu|us"}', 'region', { eu: 3, us: 2 }),
      ).toEqual({ eu: 3, us: 2 });
      const le = (bound: string) => storedLe(version, bound);
      const eu = {
        [le('0.05')]: 0,
        [le('0.1')]: 3,
        [le('0.25')]: 3,
        [le('0.5')]: 3,
        [le('1')]: 3,
        '+Inf': 3,
      };
      expect(await byLabel('shop_checkout_duration_seconds_bucket{region="eu"}', 'le', eu)).toEqual(
        eu,
      );
      const us = {
        [le('0.05')]: 0,
        [le('0.1')]: 0,
        [le('0.25')]: 0,
        [le('0.5')]: 2,
        [le('1')]: 2,
        '+Inf': 2,
      };
      expect(await byLabel('shop_checkout_duration_seconds_bucket{region="us"}', 'le', us)).toEqual(
        us,
      );
      expect(await one('shop_checkout_duration_seconds_sum{region="eu"}')).toBe(0.24);
      expect(await one('shop_checkout_duration_seconds_count{region="us"}')).toBe(2);
      expect(await one('shop_carts_open')).toBe(2);
      // The serving loop records into its own series.
      await prometheus!.queryUntil(
        'shop_orders_total{region="ap"}',
        (s) => (s[0]?.value ?? 0) >= 1,
      );
      expect(await prometheus!.scrapeProblems()).toEqual([]);
      expect(await running!.stop('SIGINT')).toBe(0);
    });

    it('custom-metrics: every type, the summary quantiles included, exact; SIGINT exits 0', async () => {
      await scrapedBy(CUSTOM_METRICS, version);
      const requests = { '/checkout': 3, '/search': 5 };
      expect(await byLabel('app_requests_total{route!="/health"}', 'route', requests)).toEqual(
        requests,
      );
      expect(await one('app_temperature_celsius{room="lab"}')).toBe(23.25);
      expect(await one('app_queue_depth{queue="email"}')).toBe(7);
      const buckets = {
        [storedLe(version, '100')]: 1,
        [storedLe(version, '1000')]: 3,
        [storedLe(version, '10000')]: 4,
        '+Inf': 5,
      };
      expect(
        await byLabel('app_payload_size_bytes_bucket{route="/upload"}', 'le', buckets),
      ).toEqual(buckets);
      expect(await one('app_payload_size_bytes_sum{route="/upload"}')).toBe(56050);
      expect(await one('app_payload_size_bytes_count{route="/upload"}')).toBe(5);
      const quantiles = { '0.5': 50, '0.9': 90, '0.99': 99 };
      expect(
        await byLabel('app_job_duration_seconds{batch="nightly"}', 'quantile', quantiles),
      ).toEqual(quantiles);
      expect(await one('app_job_duration_seconds_sum{batch="nightly"}')).toBe(5050);
      expect(await one('app_job_duration_seconds_count{batch="nightly"}')).toBe(100);
      expect(await one('app_workers{pool="default"}')).toBe(3);
      // The serving loop records into its own series.
      await prometheus!.queryUntil(
        'app_requests_total{route="/health"}',
        (s) => (s[0]?.value ?? 0) >= 1,
      );
      expect(await prometheus!.scrapeProblems()).toEqual([]);
      expect(await running!.stop('SIGINT')).toBe(0);
    });
  },
);
