import type { Meter } from '@opentelemetry/api';
import { deferredPoints, MeterProvider } from '@meterline/engine';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationType,
  MeterProvider as SdkMeterProvider,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemoryMetricReader } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PullMetricReader } from '../src/pull-reader.js';
import { toFamilies, toText } from './support.js';

// The scrape handler collects with `deferPoints`: synchronous instruments' values are taken at
// collection time, and their points are built one at a time as the serializer writes them (so a
// large scrape's points never all live at once). What is served must not change: the same points
// as the SDK's, the same exposition as from a collection with every point built, families of one
// name across meters still one family.

const providers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  while (providers.length) await providers.pop()!.shutdown();
});

const resource = resourceFromAttributes({ 'service.name': 'svc' });

function setup() {
  const reader = new PullMetricReader({ sliceMs: 0 });
  const provider = new MeterProvider({
    resource,
    readers: [reader],
    selfMetrics: false,
    views: [
      {
        instrumentName: 'exp_latency',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
  });
  providers.push(provider);
  return { reader, provider };
}

/** Every kind of stream, the same name (`requests`) in two meters, and an empty label value. */
function record(meters: { a: Meter; b: Meter }) {
  const { a, b } = meters;
  const counter = a.createCounter('requests');
  const other = b.createCounter('requests');
  const histogram = a.createHistogram('latency', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 1] },
  });
  const exponential = a.createHistogram('exp_latency', { unit: 's' });
  const updown = b.createUpDownCounter('queue');
  const gauge = b.createGauge('level');
  b.createObservableGauge('temperature').addCallback((r) => {
    r.observe(21.5, { room: 'a' });
    r.observe(19, { room: 'b' });
  });
  for (let i = 0; i < 50; i++) {
    counter.add(i, { route: `/r/${i % 7}` });
    other.add(1, { route: `/r/${i % 2}` });
    histogram.record(i / 20, { route: `/r/${i % 3}` });
    exponential.record(i / 10 + 0.01, { route: `/r/${i % 2}` });
    updown.add(i % 2 === 0 ? 2 : -1, { q: String(i % 4) });
    gauge.record(i, { g: String(i % 3) });
  }
  // `{k: ''}` and `{}` are one Prometheus series: the serializer keeps the first.
  counter.add(3, {});
  counter.add(4, { route: '' });
}

/** Every point as `scope/name{attributes} value`, sorted, read with `read`. */
function flatten(
  metrics: ResourceMetrics,
  read: (metric: MetricData) => readonly { attributes: object; value: unknown }[],
): string[] {
  const out: string[] = [];
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of read(metric)) {
        out.push(
          `${scope.scope.name}/${metric.descriptor.name}${JSON.stringify(point.attributes)} ${JSON.stringify(point.value)}`,
        );
      }
    }
  }
  return out.sort();
}

/** The points through the engine's source (one at a time), or `dataPoints` where there is none. */
function throughSource(metric: MetricData) {
  const source = deferredPoints(metric);
  if (source === undefined) return metric.dataPoints;
  return Array.from({ length: source.count }, (_, at) => source.pointAt(at));
}

/** Makes reading a deferred metric's `dataPoints` throw: the serializers must not need it. */
function forbidDataPoints(metrics: ResourceMetrics): number {
  let deferred = 0;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (deferredPoints(metric) === undefined) continue;
      deferred++;
      Object.defineProperty(metric, 'dataPoints', {
        get: () => {
          throw new Error(`dataPoints of ${metric.descriptor.name} read`);
        },
      });
    }
  }
  return deferred;
}

async function text(metrics: ResourceMetrics, format: 'text' | 'openmetrics'): Promise<string> {
  const { text, problems } = await toText(metrics, { format, sliceMs: 0 });
  return `${text}problems: ${problems.join(' | ')}`;
}

describe('deferred points', () => {
  it("has the SDK's points, built one at a time by the engine's source, and in dataPoints", async () => {
    const { reader, provider } = setup();
    const stock = new InMemoryMetricReader();
    const sdk = new SdkMeterProvider({
      resource,
      readers: [stock],
      views: [
        {
          instrumentName: 'exp_latency',
          aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
        },
      ],
    });
    providers.push(sdk);
    record({ a: provider.getMeter('a', '1.0'), b: provider.getMeter('b') });
    record({ a: sdk.getMeter('a', '1.0'), b: sdk.getMeter('b') });
    const ours = await reader.collectWithin(1000, { deferPoints: true });
    const theirs = await stock.collect();
    expect(ours.errors).toEqual([]);
    const sync = ours.resourceMetrics.scopeMetrics.flatMap((s) =>
      s.metrics.filter((m) => m.descriptor.name !== 'temperature'),
    );
    // Every synchronous stream is deferred; the observable one is collected as before.
    expect(sync.map((m) => deferredPoints(m)?.count)).toEqual([9, 3, 2, 2, 4, 3]);
    const points = flatten(ours.resourceMetrics, throughSource);
    expect(points).toHaveLength(9 + 3 + 2 + 2 + 4 + 3 + 2);
    expect(points).toEqual(flatten(theirs.resourceMetrics, (m) => m.dataPoints));
    // dataPoints (for consumers that know nothing of the source): the same points, one array.
    expect(flatten(ours.resourceMetrics, (m) => m.dataPoints)).toEqual(points);
    expect(sync[0]!.dataPoints).toBe(sync[0]!.dataPoints);
  });

  it('serializes as a collection with every point built, without reading dataPoints', async () => {
    const { reader, provider } = setup();
    record({ a: provider.getMeter('a', '1.0'), b: provider.getMeter('b') });
    const built = await reader.collectWithin(1000);
    const deferred = await reader.collectWithin(1000, { deferPoints: true });
    expect(forbidDataPoints(deferred.resourceMetrics)).toBe(6);
    for (const format of ['text', 'openmetrics'] as const) {
      const served = await text(deferred.resourceMetrics, format);
      expect(served).toBe(await text(built.resourceMetrics, format));
      // `requests` of both meters: one family, each meter's series told apart by scope labels.
      expect(served.match(/^# TYPE requests(_total)? counter$/gm)).toHaveLength(1);
      expect(served).toContain(
        'requests_total{route="/r/0",otel_scope_name="a",otel_scope_version="1.0"} 196\n',
      );
      expect(served).toContain('requests_total{route="/r/1",otel_scope_name="b"} 25\n');
      // The empty label value's twin is reported, found through the source's attributes.
      expect(served).toContain('series with attributes {"route":""} dropped');
    }
    const families = await toFamilies(deferred.resourceMetrics);
    expect(families).toEqual(await toFamilies(built.resourceMetrics));
    expect(families.filter((f) => f.name === 'requests_total')).toHaveLength(1);
  });

  it('serves the values of its collection time: a later recording is in the next collection', async () => {
    const { reader, provider } = setup();
    const counter = provider.getMeter('m').createCounter('hits');
    counter.add(1, { k: 'a' });
    const first = await reader.collectWithin(1000, { deferPoints: true });
    counter.add(10, { k: 'a' });
    counter.add(5, { k: 'b' });
    const second = await reader.collectWithin(1000, { deferPoints: true });
    expect(await text(first.resourceMetrics, 'text')).toContain(
      'hits_total{k="a",otel_scope_name="m"} 1\n',
    );
    expect(await text(first.resourceMetrics, 'text')).not.toContain('k="b"');
    const later = await text(second.resourceMetrics, 'text');
    expect(later).toContain('hits_total{k="a",otel_scope_name="m"} 11\n');
    expect(later).toContain('hits_total{k="b",otel_scope_name="m"} 5\n');
  });
});
