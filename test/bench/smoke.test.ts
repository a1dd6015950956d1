import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SuiteResults } from '../../bench/src/results.js';
import { median } from '../../bench/src/stats.js';
import { repoRoot } from '../support/real-parts.js';

// Runs every benchmark of the suite once at tiny sizes (`--smoke`) so the suite cannot rot. It
// asserts on what the suite produces (every case ran, counted what it recorded, the report has every
// section), never on how fast anything was.

let out: string;
let results: SuiteResults;
let report: string;

const IMPLS = ['meterline', 'prom-client', 'otel'];

describe('benchmark suite in smoke mode', () => {
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'meterline-bench-smoke-'));
    const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--out', out], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (run.status !== 0) {
      throw new Error(`bench --smoke exited ${run.status ?? run.signal}:\n${run.stderr}`);
    }
    results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as SuiteResults;
    report = readFileSync(join(out, 'performance.md'), 'utf8');
  }, 180_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('describes the machine and the measured versions', () => {
    expect(results.smoke).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.versions['prom-client']).toBe('15.1.3');
    // The versions the catalog pins, so the check follows every dependency bump.
    const catalog = (
      parse(readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8')) as {
        catalog: Record<string, string>;
      }
    ).catalog;
    for (const name of ['@opentelemetry/sdk-metrics', '@opentelemetry/exporter-prometheus']) {
      expect(results.machine.versions[name]).toBe(catalog[name]);
    }
  });

  it('times every recording case for every implementation', () => {
    expect(results.recording!.map((r) => r.case)).toEqual([
      'counter-0-attributes',
      'counter-3-attributes-reused',
      'counter-3-attributes-per-call',
      'histogram-3-attributes',
    ]);
    for (const row of results.recording!) {
      expect(Object.keys(row.ns).sort()).toEqual([...IMPLS].sort());
      for (const spread of Object.values(row.ns)) {
        expect(spread.n).toBe(1);
        expect(spread.median).toBeGreaterThan(0);
      }
    }
  });

  it('scrapes every series of every implementation, plain and as Prometheus asks', () => {
    expect(results.scrape).toHaveLength(2 * IMPLS.length);
    for (const row of results.scrape!) {
      expect(row.series).toBe(100);
      // Counters: one sample per series; histograms: buckets, +Inf, sum and count per series.
      expect(row.samples).toBeGreaterThanOrEqual(row.kind === 'counter' ? 100 : 100 * 15);
      expect(row.plainMs.median).toBeGreaterThan(0);
      expect(row.prometheusMs.median).toBeGreaterThan(0);
      expect(row.plainBlockMs.median).toBeGreaterThan(0);
      expect(row.plainBytes).toBeGreaterThan(row.plainGzipBytes);
      expect(row.prometheusEncoding).toBe('gzip');
      expect(row.prometheusWireBytes).toBeLessThan(row.plainBytes);
      // The exposition alone is the plain body without HTTP: as large, less the self-metrics.
      expect(row.bodyMs.median).toBeGreaterThan(0);
      expect(row.bodyBlockMs.median).toBeGreaterThan(0);
      expect(row.bodyBytes).toBeGreaterThan(row.plainBytes * 0.5);
      expect(row.bodyBytes).toBeLessThanOrEqual(row.plainBytes);
    }
    expect(report).toContain('### Exposition alone');
  });

  it('measures retained heap per series', () => {
    expect(results.heap).toHaveLength(2 * IMPLS.length);
    for (const row of results.heap!) expect(row.bytesPerSeries.median).toBeGreaterThan(0);
  });

  it('loads each service variant in paired off/on phases and measures its CPU per request', () => {
    expect(results.service!.map((r) => `${r.mode}/${r.variant}`).sort()).toEqual(
      ['saturation', 'fixed']
        .flatMap((mode) => ['none', 'meterline-runtime', ...IMPLS].map((v) => `${mode}/${v}`))
        .sort(),
    );
    for (const row of results.service!) {
      expect(row.throughput.median).toBeGreaterThan(0);
      expect(row.offMicrosPerRequest.median).toBeGreaterThan(0);
      expect(row.onMicrosPerRequest.median).toBeGreaterThan(0);
      // One process in smoke mode. At saturation one pair of phases, at a fixed rate two, of which
      // one may be left out for not holding the rate: the added figure is the median of the kept
      // pairs' on − off.
      expect(row.pairs).toBe(row.mode === 'fixed' ? 2 : 1);
      expect(row.addedPerPair).toHaveLength(1);
      const kept = row.addedPerPair[0]!;
      expect(kept.length + row.skippedPairs[0]!).toBe(row.pairs);
      expect(kept.length).toBeGreaterThanOrEqual(Math.ceil(row.pairs / 2));
      expect(row.addedMicrosPerRequest.median).toBe(median(kept));
      expect(Number.isFinite(row.addedMicrosPerRequest.median)).toBe(true);
      expect(row.streams).toBe(row.mode === 'fixed' ? 2 : 1);
    }
    expect(report).toMatch(/Meterline \(runtime metrics\s+off\)\s+adds\s+[-+][\d.,]+\s+µs/);
  });

  it('serializes OTLP in protobuf smaller than in JSON', () => {
    expect(results.otlp!.map((r) => r.kind)).toEqual(['counter', 'histogram']);
    for (const row of results.otlp!) {
      expect(row.protobufBytes).toBeGreaterThan(0);
      expect(row.jsonBytes).toBeGreaterThan(row.protobufBytes);
      expect(row.prometheusTextBytes).toBeGreaterThan(0);
    }
  });

  it('times the cold start of each minimal service', () => {
    expect(results.coldStart!.map((r) => r.impl)).toEqual([...IMPLS, 'prom-client-defaults']);
    for (const row of results.coldStart!) {
      expect(row.firstScrapeMs.median).toBeGreaterThanOrEqual(row.listeningMs.median);
    }
  });

  it("profiles the recording path and finds the engine's steps in it, not the SDK's hashing", () => {
    expect(results.profile!.map((p) => p.case)).toEqual([
      'counter-3-attributes-reused',
      'counter-3-attributes-per-call',
      'histogram-3-attributes',
    ]);
    for (const row of results.profile!) {
      expect(row.summary.samples).toBeGreaterThan(0);
      const total = row.summary.categories.reduce((sum, c) => sum + c.percent, 0);
      expect(total).toBeCloseTo(100, 5);
    }
    // Meterline records through its own engine: no SDK attribute hashing on any profiled path.
    for (const row of results.profile!) {
      expect(row.summary.functions.map((f) => f.function)).not.toContain('hashAttributes');
    }
    // The child runs without inlining, so the engine's steps keep their own samples rather than
    // being folded into the benchmark loop: the reused object's lookup, the new object's key.
    const percent = (row: number, prefix: string) =>
      results.profile![row]!.summary.categories.find((c) => c.category.startsWith(prefix))
        ?.percent ?? 0;
    // (With inlining, the loop held 98 % of the reused case; without, about 6 %.)
    expect(percent(0, 'benchmark loop')).toBeLessThan(50);
    expect(percent(0, 'series lookup (engine')).toBeGreaterThan(0);
    expect(percent(1, 'attribute key (engine')).toBeGreaterThan(0);
    expect(Object.keys(results.components!)).toContain('hashAttributes(3 attributes)');
  });

  it("measures the service's p99 alone and under each storm, with Meterline and a bare server", () => {
    expect(results.storm!.map((r) => `${r.storm}/${r.server}`)).toEqual([
      'scrape/meterline',
      'scrape/bare',
      'bad-auth/meterline',
      'bad-auth/bare',
    ]);
    for (const row of results.storm!) {
      expect(row.connections).toBe(row.storm === 'scrape' ? 500 : 50);
      expect(row.p99WithoutMs.n).toBe(1);
      expect(row.p99WithoutMs.median).toBeGreaterThan(0);
      expect(row.p99WithMs.median).toBeGreaterThan(0);
      expect(row.ratio.median).toBeCloseTo(row.p99WithMs.median / row.p99WithoutMs.median, 6);
      expect(row.answeredWith.median).toBeGreaterThanOrEqual(0);
    }
    expect(report).toMatch(
      /\| scrape storm \(500 connections\) +\| Meterline +\| [\d.,]+ +\| [\d.,]+ +\| [\d.,]+ +\|/,
    );
    expect(report).toMatch(/scrape storm: the service's p99 grows [\d.,]+× as much with Meterline/);
  });

  it('scrapes one cluster primary per implementation, with every series summed over the workers', () => {
    expect(results.cluster!.map((r) => r.impl)).toEqual(['meterline', 'prom-client']);
    for (const row of results.cluster!) {
      // The case fails unless the scrape's sum equals what every worker recorded.
      expect(row.samples).toBe(row.series);
      expect(row.scrapeMs.median).toBeGreaterThan(0);
      expect(row.primaryCpuMs.median).toBeGreaterThan(0);
    }
    expect(report).toMatch(
      /\| 100 % +\| Meterline `startTelemetry\(\{ cluster \}\)` +\| [\d.,]+ +\| [\d.,]+× +\|/,
    );
  });

  it('scrapes the exponential histograms over protobuf and both text formats, the peers in text', () => {
    expect(results.native!.map((r) => `${r.impl}/${r.format}`)).toEqual([
      'meterline/protobuf',
      'meterline/openmetrics',
      'meterline/text',
      'prom-client/text',
      'otel/text',
    ]);
    const meterline = (format: string) =>
      results.native!.find((r) => r.impl === 'meterline' && r.format === format)!;
    expect(meterline('protobuf').contentType).toBe(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    );
    expect(meterline('openmetrics').contentType).toMatch(/^application\/openmetrics-text;/);
    expect(meterline('text').contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const row of results.native!) {
      expect(row.series).toBe(100);
      expect(row.ms.median).toBeGreaterThan(0);
      expect(row.rawBytes).toBeGreaterThan(row.wireBytes);
    }
    expect(report).toMatch(/\| Meterline +\| protobuf \(native histograms\) +\| exponential +\|/);
  });

  it('measures summary accuracy on every data set and the recording cost of all three', () => {
    expect(results.summary!.map((r) => `${r.dataset}/${r.impl}`)).toEqual(
      ['uniform', 'log-normal', 'bimodal'].flatMap((d) =>
        ['meterline-summary', 'prom-client-summary', 'meterline-histogram'].map((i) => `${d}/${i}`),
      ),
    );
    for (const row of results.summary!) {
      expect(row.ns.median).toBeGreaterThan(0);
      expect(row.accuracy.map((a) => a.quantile)).toEqual(
        row.impl === 'meterline-histogram' ? [] : [0.5, 0.9, 0.99],
      );
      // Meterline's summary keeps its promise: within each objective's rank error.
      if (row.impl === 'meterline-summary') {
        for (const a of row.accuracy) expect(a.rankError.max).toBeLessThanOrEqual(a.allowed);
      }
    }
  });

  it("profiles the exposition alone and names the serializer's functions; times it without the profiler", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bench/dist/profile-exposition.js', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const profiled = run('5000', 'counter', '5');
    expect(profiled.status, profiled.stderr).toBe(0);
    expect(profiled.stdout).toMatch(
      /^5000 counter series, 5 bodies profiled: [\d.]+ \([\d.]+–[\d.]+\) ms/,
    );
    // Bundled code is named by its module, and the serializer is where the time goes.
    expect(profiled.stdout).toMatch(
      / % {2}serialize {2}exporter-prometheus\/exposition\/serialize\.js$/m,
    );
    const timed = run('100', 'histogram', '2', 'time');
    expect(timed.status, timed.stderr).toBe(0);
    expect(timed.stdout.trim()).toMatch(
      /^100 histogram series, 2 bodies timed: [\d.]+ \([\d.]+–[\d.]+\) ms each/,
    );
    expect(timed.stdout).toMatch(
      /^the collection alone, 2 times: [\d.]+ \([\d.]+–[\d.]+\) ms each/m,
    );
    expect(timed.stdout).not.toContain(' %  ');
    const wrong = run('100', 'gauge');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('usage: profile-exposition');
  });

  it('counts the series a burst leaves in the young generation, and says which flag it needs', () => {
    const script = 'bench/dist/young-series.js';
    const run = (args: string[]) =>
      spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    const counted = run(['--allow-natives-syntax', script, '3000']);
    expect(counted.status, counted.stderr).toBe(0);
    const match = /^3000 series: (\d+) series objects and 0 keys in the young generation$/m.exec(
      counted.stdout,
    );
    expect(match, counted.stdout).not.toBeNull();
    expect(Number(match![1])).toBeLessThanOrEqual(3000);
    const unflagged = run([script, '3000']);
    expect(unflagged.status).toBe(2);
    expect(unflagged.stderr).toContain('--allow-natives-syntax');
  });

  it('renders every section into the report', () => {
    for (const heading of [
      '## 1. Recording',
      '## 2. Scrape',
      '## 3. Retained heap',
      '## 4. Service overhead',
      '## 5. OTLP export',
      '## 6. Cold start',
      '## 7. Where recording time goes',
      '## 8. Scrape storm',
      '## 9. Native histograms',
      '## 10. Cluster aggregation',
      '## 11. Summaries: accuracy and recording cost',
    ]) {
      expect(report).toContain(heading);
    }
    expect(report).toContain('smoke mode');
  });
});
