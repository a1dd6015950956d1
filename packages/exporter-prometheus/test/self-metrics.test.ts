import { request } from 'node:http';
import { metrics, type MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { MeterProvider as EngineMeterProvider } from '@meterline/engine';
import { MeterProvider as SdkMeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '@meterline/testing';
import { PullMetricReader } from '../src/pull-reader.js';
import { createPrometheusReader } from '../src/reader.js';
import { startMetricsServer } from '../src/server.js';
import { SELF_METRIC_NAMES, SelfMetrics } from '../src/self-metrics.js';
import { SELF_METRICS_SCOPE } from '../src/self-metrics-instruments.js';
import type { NamingOptions } from '../src/exposition/names.js';
import { toText } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  metrics.disable();
});

type Provider = ApiMeterProvider & { shutdown(): Promise<void> };
const ENGINES: [string, (reader: PullMetricReader) => Provider][] = [
  ['the OTel SDK', (reader) => new SdkMeterProvider({ readers: [reader] })],
  ['the engine', (reader) => new EngineMeterProvider({ readers: [reader], selfMetrics: false })],
];

function providerFor(engine: (reader: PullMetricReader) => Provider) {
  const reader = new PullMetricReader();
  const provider = engine(reader);
  cleanups.push(() => provider.shutdown());
  return { reader, provider };
}

/** The text exposition of `reader`'s collection as `endpoint` serves it: sample line -> value. */
async function served(
  reader: PullMetricReader,
  naming: NamingOptions = {},
  format: 'text' | 'openmetrics' = 'text',
) {
  const { resourceMetrics, errors } = await reader.collectWithin(5000);
  expect(errors).toEqual([]);
  const { text, problems } = await toText(resourceMetrics, {
    format,
    targetInfo: false,
    protectedNames: SELF_METRIC_NAMES,
    protectedScope: SELF_METRICS_SCOPE,
    ...naming,
  });
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\S+) (\S+)$/.exec(line);
    if (m && !line.startsWith('#')) samples.set(m[1]!, Number(m[2]));
  }
  return { text, samples, problems };
}

describe.each(ENGINES)('self-metrics as instruments of %s', (_, engine) => {
  it('reports every count as the endpoint made it, with the same buckets as always', async () => {
    const { reader, provider } = providerFor(engine);
    const self = new SelfMetrics({ meterProvider: provider, ready: () => true });
    self.scrapeStarted();
    self.scrapeEnded(200, 0.003);
    self.scrapeStarted();
    self.scrapeEnded(200, 0.2);
    self.scrapeAnswered(503, 0);
    self.scrapeStarted();
    self.scrapeEnded(499, 20);
    self.collectionFailed();
    self.served(12, 2);
    self.served(9, 1);
    self.sent(1000);
    self.sent(24);
    self.scrapeStarted();
    const { samples } = await served(reader);
    expect(Object.fromEntries(samples)).toEqual({
      'meterline_prometheus_scrapes_total{code="200"}': 2,
      'meterline_prometheus_scrapes_total{code="499"}': 1,
      'meterline_prometheus_scrapes_total{code="503"}': 1,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="0.005"}': 2,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="0.01"}': 2,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="0.025"}': 2,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="0.05"}': 2,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="0.1"}': 2,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="0.25"}': 3,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="0.5"}': 3,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="1.0"}': 3,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="2.5"}': 3,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="5.0"}': 3,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="10.0"}': 3,
      'meterline_prometheus_scrape_duration_seconds_bucket{le="+Inf"}': 4,
      meterline_prometheus_scrape_duration_seconds_sum: 20.203,
      meterline_prometheus_scrape_duration_seconds_count: 4,
      meterline_prometheus_collection_errors_total: 1,
      meterline_prometheus_dropped_streams_total: 3,
      meterline_prometheus_response_bytes_total: 1024,
      meterline_prometheus_series: 9,
      meterline_prometheus_scrapes_in_flight: 1,
    });
    expect(self.scrapes(200)).toBe(2);
    expect(self.inFlight).toBe(1);
  });

  it('serves zeros from the first scrape, in the order and with the help they always had', async () => {
    const { reader, provider } = providerFor(engine);
    new SelfMetrics({ meterProvider: provider, ready: () => true }).scrapeStarted();
    const { text } = await served(reader);
    expect(text).toBe(
      [
        '# HELP meterline_prometheus_collection_errors_total Collections that reported errors (a throwing callback) or timed out.',
        '# TYPE meterline_prometheus_collection_errors_total counter',
        'meterline_prometheus_collection_errors_total 0',
        '# HELP meterline_prometheus_dropped_streams_total Metric streams (or single series) left out of an exposition: a name taken by another, or a value the format cannot carry.',
        '# TYPE meterline_prometheus_dropped_streams_total counter',
        'meterline_prometheus_dropped_streams_total 0',
        '# HELP meterline_prometheus_response_bytes_total Bytes sent in scrape responses.',
        '# TYPE meterline_prometheus_response_bytes_total counter',
        'meterline_prometheus_response_bytes_total 0',
        '# HELP meterline_prometheus_series Series in the last served exposition.',
        '# TYPE meterline_prometheus_series gauge',
        'meterline_prometheus_series 0',
        '# HELP meterline_prometheus_scrapes_in_flight Scrapes being answered now.',
        '# TYPE meterline_prometheus_scrapes_in_flight gauge',
        'meterline_prometheus_scrapes_in_flight 1',
        '',
      ].join('\n'),
    );
  });

  it.each<NamingOptions>([
    { translationStrategy: 'UnderscoreEscapingWithSuffixes' },
    { translationStrategy: 'UnderscoreEscapingWithSuffixes', totalSuffix: false },
    { translationStrategy: 'UnderscoreEscapingWithSuffixes', unitSuffixes: false },
    { translationStrategy: 'UnderscoreEscapingWithSuffixes', baseUnits: true },
    { translationStrategy: 'UnderscoreEscapingWithoutSuffixes' },
    { translationStrategy: 'NoUTF8EscapingWithSuffixes' },
    { translationStrategy: 'NoUTF8EscapingWithSuffixes', totalSuffix: false },
    { translationStrategy: 'NoTranslation' },
  ])('keeps its served names with %o', async (naming) => {
    const { reader, provider } = providerFor(engine);
    const self = new SelfMetrics({ meterProvider: provider, ready: () => true });
    self.scrapeStarted();
    self.scrapeEnded(200, 0.01);
    for (const format of ['text', 'openmetrics'] as const) {
      const { samples, problems } = await served(reader, naming, format);
      expect(problems).toEqual([]);
      const names = [...new Set([...samples.keys()].map((k) => k.replace(/\{.*/, '')))];
      expect(names.filter((n) => !n.endsWith('_created')).sort()).toEqual([
        'meterline_prometheus_collection_errors_total',
        'meterline_prometheus_dropped_streams_total',
        'meterline_prometheus_response_bytes_total',
        'meterline_prometheus_scrape_duration_seconds_bucket',
        'meterline_prometheus_scrape_duration_seconds_count',
        'meterline_prometheus_scrape_duration_seconds_sum',
        'meterline_prometheus_scrapes_in_flight',
        'meterline_prometheus_scrapes_total',
        'meterline_prometheus_series',
      ]);
      for (const name of names) expect(SELF_METRIC_NAMES).toContain(name);
    }
  });

  it("keeps another scope's instrument off its names, whatever it is called", async () => {
    const { reader, provider } = providerFor(engine);
    const user = provider.getMeter('user');
    user.createCounter('meterline.prometheus.scrapes').add(100, { code: '200' });
    user.createGauge('meterline_prometheus_series').record(42);
    const self = new SelfMetrics({ meterProvider: provider, ready: () => true });
    self.scrapeStarted();
    self.scrapeEnded(200, 0.01);
    // A meter created after the self-metrics' one: its stream comes after theirs.
    provider
      .getMeter('late')
      .createHistogram('meterline_prometheus_scrape_duration_seconds', { unit: 's' })
      .record(1);
    const { samples, problems } = await served(reader);
    expect(samples.get('meterline_prometheus_scrapes_total{code="200"}')).toBe(1);
    expect(samples.get('meterline_prometheus_series')).toBe(0);
    expect(samples.get('meterline_prometheus_scrape_duration_seconds_count')).toBe(1);
    expect(problems).toEqual([
      `instrument "meterline.prometheus.scrapes" of meter "user" dropped: name meterline_prometheus_scrapes is taken by the endpoint's self-metrics`,
      `instrument "meterline_prometheus_series" of meter "user" dropped: name meterline_prometheus_series is taken by the endpoint's self-metrics`,
      `instrument "meterline_prometheus_scrape_duration_seconds" of meter "late" dropped: name meterline_prometheus_scrape_duration_seconds is taken by the endpoint's self-metrics`,
    ]);
  });

  it('counts the scrapes answered before the reader joined a provider', async () => {
    const reader = new PullMetricReader();
    // A stand-in like startTelemetry's (which hands out no-op meters until the provider exists).
    const standIn: ApiMeterProvider = {
      getMeter: (...args) => provider.getMeter(...args),
    };
    const self = new SelfMetrics({ meterProvider: standIn, ready: () => reader.joined });
    self.scrapeAnswered(200, 0.001);
    self.scrapeAnswered(200, 0.3);
    expect(reader.joined).toBe(false);
    const provider = engine(reader);
    cleanups.push(() => provider.shutdown());
    self.scrapeStarted();
    const { samples } = await served(reader);
    expect(samples.get('meterline_prometheus_scrapes_total{code="200"}')).toBe(2);
    expect(samples.get('meterline_prometheus_scrape_duration_seconds_count')).toBe(2);
    expect(samples.get('meterline_prometheus_scrape_duration_seconds_bucket{le="0.005"}')).toBe(1);
    expect(samples.get('meterline_prometheus_scrapes_in_flight')).toBe(1);
  });

  it('sums the endpoints of one provider: each serves the same totals, none twice', async () => {
    const { reader, provider } = providerFor(engine);
    const a = new SelfMetrics({ meterProvider: provider, ready: () => true });
    const b = new SelfMetrics({ meterProvider: provider, ready: () => true });
    a.scrapeStarted();
    a.scrapeEnded(200, 0.01);
    a.served(10, 1);
    b.scrapeStarted();
    b.scrapeEnded(200, 0.02);
    b.scrapeStarted();
    b.served(4, 2);
    const { samples } = await served(reader);
    expect(samples.get('meterline_prometheus_scrapes_total{code="200"}')).toBe(2);
    expect(samples.get('meterline_prometheus_scrape_duration_seconds_count')).toBe(2);
    expect(samples.get('meterline_prometheus_dropped_streams_total')).toBe(3);
    // The exposition served last is b's.
    expect(samples.get('meterline_prometheus_series')).toBe(4);
    expect(samples.get('meterline_prometheus_scrapes_in_flight')).toBe(1);
  });
});

describe('self-metrics without a meter provider given', () => {
  it('go to the global meter provider, taken again when it changes', async () => {
    const first = providerFor((reader) => new SdkMeterProvider({ readers: [reader] }));
    const second = providerFor((reader) => new SdkMeterProvider({ readers: [reader] }));
    const self = new SelfMetrics({ ready: () => true });
    metrics.setGlobalMeterProvider(first.provider);
    self.scrapeAnswered(200, 0.01);
    metrics.disable();
    metrics.setGlobalMeterProvider(second.provider);
    self.scrapeAnswered(200, 0.01);
    const one = (await served(first.reader)).samples;
    const two = (await served(second.reader)).samples;
    expect(one.get('meterline_prometheus_scrape_duration_seconds_count')).toBe(1);
    expect(two.get('meterline_prometheus_scrape_duration_seconds_count')).toBe(1);
    // Both providers see the endpoint's totals: a counter never goes down.
    expect(one.get('meterline_prometheus_scrapes_total{code="200"}')).toBe(2);
    expect(two.get('meterline_prometheus_scrapes_total{code="200"}')).toBe(2);
  });
});

describe('self-metrics while no global meter provider is registered', () => {
  it('join none, and record the durations kept meanwhile once one is', async () => {
    const { reader, provider } = providerFor((r) => new SdkMeterProvider({ readers: [r] }));
    const self = new SelfMetrics({ ready: () => true });
    self.scrapeAnswered(200, 0.001);
    self.scrapeAnswered(200, 0.3);
    metrics.setGlobalMeterProvider(provider);
    self.scrapeStarted();
    const { samples } = await served(reader);
    expect(samples.get('meterline_prometheus_scrapes_total{code="200"}')).toBe(2);
    expect(samples.get('meterline_prometheus_scrape_duration_seconds_count')).toBe(2);
    expect(samples.get('meterline_prometheus_scrape_duration_seconds_sum')).toBe(0.301);
  });
});

describe('self-metrics through the endpoint', () => {
  it('count a collision in dropped_streams from the next scrape, the protected series intact', async () => {
    const logger = recordingLogger();
    const prom = createPrometheusReader({
      logger,
      meterProvider: { getMeter: (...args) => provider.getMeter(...args) },
    });
    const provider = new EngineMeterProvider({ readers: [prom.reader], selfMetrics: false });
    const server = await startMetricsServer({ handler: prom.handler, port: 0 });
    cleanups.push(async () => {
      await server.close();
      await provider.shutdown();
    });
    provider.getMeter('user').createCounter('meterline_prometheus_scrapes').add(1000);
    const first = await get(server.url);
    expect(first).toContain('meterline_prometheus_dropped_streams_total 0\n');
    const second = await get(server.url);
    expect(second).toContain('meterline_prometheus_dropped_streams_total 1\n');
    expect(second).toContain('meterline_prometheus_scrapes_total{code="200"} 1\n');
    expect(second).not.toMatch(/otel_scope_name="@meterline\/exporter-prometheus"/);
    expect(logger.lines).toContain(
      `warn: metrics exposition: instrument "meterline_prometheus_scrapes" of meter "user" dropped: name meterline_prometheus_scrapes is taken by the endpoint's self-metrics`,
    );
    expect(prom.selfMetrics.droppedStreams).toBe(2);
  });
});

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}
