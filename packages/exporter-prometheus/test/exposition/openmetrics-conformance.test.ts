import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import {
  goFloatStrings,
  openMetricsFamilies,
  parseOpenMetrics,
  type ParsedFamily,
} from '../../../../test/support/openmetrics-parser.js';
import { canonicalNumber } from '../../src/exposition/escape.js';
import { SELF_METRIC_NAMES, SelfMetrics } from '../../src/self-metrics.js';
import { SELF_METRICS_SCOPE } from '../../src/self-metrics-instruments.js';
import { testProvider, toText } from '../support.js';

// Every body here is judged by a parser we did not write: the strict OpenMetrics 1.0 parser of the
// Python prometheus_client (Debian's python3-prometheus-client, see test/support/openmetrics-parser.ts).
// Each case was a body that parser rejected, or an OpenMetrics rule the body broke.

const OM = { format: 'openmetrics', targetInfo: false, scopeLabels: false } as const;

function histogramView(name: string, boundaries: number[]): ViewOptions {
  return {
    instrumentName: name,
    aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries } },
  };
}

function samplesOf(families: readonly ParsedFamily[], name: string) {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no family ${name} in ${families.map((f) => f.name).join(', ')}`);
  return family.samples.map((s) => [s.name, s.labels.le ?? '', s.value]);
}

describe('OpenMetrics 1.0 as the Python prometheus_client strict parser reads it', () => {
  it('writes le bounds as canonical numbers, the way the Python client writes them', async () => {
    const bounds = [1e-5, 0.0001, 0.005, 0.1, 1, 2.5, 10, 3600, 100000, 123456.789, 1e6];
    expect(bounds.map(canonicalNumber)).toEqual(goFloatStrings(bounds));
    const { reader, provider } = testProvider([histogramView('wait', bounds)]);
    provider.getMeter('m').createHistogram('wait').record(2);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const families = openMetricsFamilies((await toText(resourceMetrics, OM)).text);
    const le = samplesOf(families, 'wait')
      .filter(([name]) => name === 'wait_bucket')
      .map(([, l]) => l);
    expect(le).toEqual([...goFloatStrings(bounds), '+Inf']);
  });

  it('serves histograms of gauges and up-down counters (no sum) without _count', async () => {
    const { reader, provider } = testProvider([
      histogramView('temperature', [-10, 0, 10]),
      histogramView('queue', [1, 10]),
    ]);
    const meter = provider.getMeter('m');
    meter.createGauge('temperature').record(-3);
    meter.createUpDownCounter('queue').add(4);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const families = openMetricsFamilies((await toText(resourceMetrics, OM)).text);
    expect(samplesOf(families, 'temperature')).toEqual([
      ['temperature_bucket', '-10.0', 0],
      ['temperature_bucket', '0.0', 1],
      ['temperature_bucket', '10.0', 1],
      ['temperature_bucket', '+Inf', 1],
      ['temperature_created', '', expect.any(Number)],
    ]);
    expect(samplesOf(families, 'queue').map(([name]) => name)).not.toContain('queue_count');
    // Text 0.0.4 keeps _count (legal there, and what Prometheus's OTLP receiver stores).
    const text = (await toText(resourceMetrics, { ...OM, format: 'text' })).text;
    expect(text).toContain('\ntemperature_count 1\n');
  });

  it('leaves _sum (and with it _count) out of a histogram with negative bounds', async () => {
    const { reader, provider } = testProvider([histogramView('offset', [-5, 0, 5])]);
    provider.getMeter('m').createHistogram('offset').record(3);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const families = openMetricsFamilies((await toText(resourceMetrics, OM)).text);
    expect(samplesOf(families, 'offset').map(([name]) => name)).toEqual([
      'offset_bucket',
      'offset_bucket',
      'offset_bucket',
      'offset_bucket',
      'offset_created',
    ]);
  });

  it('writes _created from the start time for counters and histograms, never for gauges', async () => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('m');
    meter.createCounter('jobs').add(2, { queue: 'a' });
    meter.createHistogram('size').record(3);
    meter.createGauge('level').record(1);
    meter.createUpDownCounter('open').add(1);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const startOf = (name: string) => {
      const [s, ns] = resourceMetrics.scopeMetrics[0]!.metrics.find(
        (m) => m.descriptor.name === name,
      )!.dataPoints[0]!.startTime;
      return s + ns / 1e9;
    };
    const families = openMetricsFamilies((await toText(resourceMetrics, OM)).text);
    const created = families.flatMap((f) =>
      f.samples.filter((s) => s.name.endsWith('_created')).map((s) => [s.name, s.value]),
    );
    expect(created).toEqual([
      ['jobs_created', startOf('jobs')],
      ['size_created', startOf('size')],
    ]);
    // Off on request.
    const off = await toText(resourceMetrics, { ...OM, createdSamples: false });
    expect(off.text).not.toContain('_created');
    expect(parseOpenMetrics(off.text).error).toBeUndefined();
  });

  it('leaves out a counter series whose value is NaN, and says so', async () => {
    const { reader, provider } = testProvider();
    provider
      .getMeter('m')
      .createObservableCounter('ticks')
      .addCallback((r) => {
        r.observe(Number.NaN, { k: 'nan' });
        r.observe(4, { k: 'ok' });
      });
    const { resourceMetrics } = await reader.collectWithin(5000);
    const result = await toText(resourceMetrics, OM);
    const families = openMetricsFamilies(result.text);
    expect(samplesOf(families, 'ticks').filter(([n]) => n === 'ticks_total')).toEqual([
      ['ticks_total', '', 4],
    ]);
    expect(result.problems).toEqual([
      'instrument "ticks" of meter "m": series with attributes {"k":"nan"} left out: NaN is not a counter value',
    ]);
  });

  it.each([
    ['a counter foo, then a gauge foo_created', ['counter:foo', 'gauge:foo_created']],
    ['a gauge foo_created, then a counter foo', ['gauge:foo_created', 'counter:foo']],
    ['a histogram foo, then a gauge foo_created', ['histogram:foo', 'gauge:foo_created']],
    ['a gauge foo_count, then a histogram foo', ['gauge:foo_count', 'histogram:foo']],
    ['a counter foo, then a gauge foo_total', ['counter:foo', 'gauge:foo_total']],
  ])('detects a reserved-suffix clash: %s, keeping the first', async (_, instruments) => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('m');
    for (const spec of instruments) {
      const [kind, name] = spec.split(':') as [string, string];
      if (kind === 'counter') meter.createCounter(name).add(1);
      else if (kind === 'histogram') meter.createHistogram(name).record(1);
      else meter.createGauge(name).record(1);
    }
    const { resourceMetrics } = await reader.collectWithin(5000);
    const result = await toText(resourceMetrics, OM);
    const families = openMetricsFamilies(result.text);
    expect(families.map((f) => f.name)).toEqual([instruments[0]!.split(':')[1]]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(
      new RegExp(
        `^instrument "${instruments[1]!.split(':')[1]}" of meter "m" dropped: name \\w+ is taken by`,
      ),
    );
  });

  it('protects target_info, target and the self-metrics names from instruments', async () => {
    const { reader, provider } = testProvider();
    const meter = provider.getMeter('m');
    meter.createGauge('target_info').record(1);
    meter.createCounter('target').add(1);
    meter.createGauge('meterline_prometheus_series').record(5);
    meter.createCounter('meterline_prometheus_scrapes').add(1);
    meter.createCounter('kept').add(1);
    // The self-metrics' own instruments, after the colliding ones: their scope keeps the names.
    const self = new SelfMetrics({ meterProvider: provider, ready: () => true });
    self.scrapeAnswered(200, 0.02);
    self.served(7, 0);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const result = await toText(resourceMetrics, {
      format: 'openmetrics',
      protectedNames: SELF_METRIC_NAMES,
      protectedScope: SELF_METRICS_SCOPE,
    });
    const families = openMetricsFamilies(result.text);
    expect(families.map((f) => f.name).filter((n) => !n.startsWith('meterline_'))).toEqual([
      'target',
      'kept',
    ]);
    expect(samplesOf(families, 'meterline_prometheus_series')).toEqual([
      ['meterline_prometheus_series', '', 7],
    ]);
    expect(samplesOf(families, 'meterline_prometheus_scrapes')).toEqual([
      ['meterline_prometheus_scrapes_total', '', 1],
      ['meterline_prometheus_scrapes_created', '', expect.any(Number)],
    ]);
    expect(result.problems.map((p) => p.replace(/ dropped: .*/, ''))).toEqual([
      'instrument "target_info" of meter "m"',
      'instrument "target" of meter "m"',
      'instrument "meterline_prometheus_series" of meter "m"',
      'instrument "meterline_prometheus_scrapes" of meter "m"',
    ]);
  });

  it('serves a counter without _total (totalSuffix: false) as unknown, under the same name', async () => {
    const { reader, provider } = testProvider();
    provider.getMeter('m').createCounter('jobs').add(2);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const families = openMetricsFamilies(
      (await toText(resourceMetrics, { ...OM, totalSuffix: false })).text,
    );
    expect(families.map((f) => [f.name, f.type, f.samples.map((s) => [s.name, s.value])])).toEqual([
      ['jobs', 'unknown', [['jobs', 2]]],
    ]);
  });

  it('accepts exponential histograms with negative and zero buckets', async () => {
    const { reader, provider } = testProvider([
      {
        instrumentName: 'drift',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 20 } },
      },
    ]);
    const drift = provider.getMeter('m').createGauge('drift');
    drift.record(-3);
    const { resourceMetrics } = await reader.collectWithin(5000);
    const families = openMetricsFamilies((await toText(resourceMetrics, OM)).text);
    const names = samplesOf(families, 'drift').map(([n]) => n);
    expect(names).not.toContain('drift_sum');
    expect(names.at(-1)).toBe('drift_created');
  });
});
