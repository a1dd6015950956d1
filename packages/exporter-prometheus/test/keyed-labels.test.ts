import type { Attributes } from '@opentelemetry/api';
import { deferredPoints, MeterProvider, type PointSource } from '@meterline/engine';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { PullMetricReader } from '../src/pull-reader.js';
import type { SerializeOptions } from '../src/exposition/serialize.js';
import { toFamilies, toText } from './support.js';

// A series of its instrument's usual attribute shape keeps only its engine key (the values joined
// by NUL), and a scrape (a collection with `deferPoints`) writes its label block from the key
// instead of building its attribute set. The body must be exactly the one written from the sets
// (a collection with every point built), for every kind of value and name the label rules treat
// specially, in every format.

const providers: MeterProvider[] = [];
afterEach(async () => {
  while (providers.length) await providers.pop()!.shutdown();
});

function setup() {
  const reader = new PullMetricReader({ sliceMs: 0 });
  const provider = new MeterProvider({ readers: [reader], selfMetrics: false });
  providers.push(provider);
  return { reader, meter: provider.getMeter('m', '1.0') };
}

/**
 * Counts, over a collection's deferred metrics, the points read, those read with their key, and
 * the sets built from a key.
 */
function spy(metrics: ResourceMetrics) {
  const counts = { keyed: 0, built: 0, points: 0 };
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const source = deferredPoints(metric) as
        (PointSource & Record<string, (...args: unknown[]) => unknown>) | undefined;
      if (!source) continue;
      const pointAt = source.pointAt.bind(source);
      const attributesAt = source.attributesAt.bind(source);
      source.pointAt = (at: number, attributes?: Attributes) => {
        counts.points++;
        if (attributes !== undefined) counts.keyed++;
        return pointAt(at, attributes);
      };
      source.attributesAt = (at: number) => {
        if (source.keyAt(at) !== undefined) counts.built++;
        return attributesAt(at);
      };
    }
  }
  return counts;
}

async function text(metrics: ResourceMetrics, options: Partial<SerializeOptions>) {
  const body = await toText(metrics, { format: 'text', sliceMs: 0, ...options });
  return `${body.text}problems: ${body.problems.join(' | ')}`;
}

const FORMATS: readonly Partial<SerializeOptions>[] = [
  { format: 'text' },
  { format: 'openmetrics' },
  { format: 'openmetrics', escaping: 'allow-utf-8' },
  { format: 'openmetrics', translationStrategy: 'NoUTF8EscapingWithSuffixes' },
  { format: 'text', scopeLabels: false },
];

describe('label blocks written from series keys', () => {
  it('are the blocks written from the attribute sets, in every format, without building a set', async () => {
    const { reader, meter } = setup();
    // Names out of sorted order, a name to sanitise, values of every type, values to escape.
    const counter = meter.createCounter('requests');
    const histogram = meter.createHistogram('latency', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1] },
    });
    // `le` is the histogram's own label: the attribute becomes `exported_le`.
    const reserved = meter.createHistogram('sizes', { advice: { explicitBucketBoundaries: [10] } });
    const gauge = meter.createGauge('level');
    const updown = meter.createUpDownCounter('queue');
    const values = ['GET', 'a"quoted"', 'back\\slash', 'new\nline', 'ünïcödé', '0', 'x'.repeat(40)];
    for (let i = 0; i < values.length; i++) {
      counter.add(i + 1, {
        'http.route': values[i]!,
        method: 'GET',
        code: 200 + i,
        ok: i % 2 === 0,
      });
      histogram.record(i / 4, { zone: values[i]!, 'service.tier': i });
      reserved.record(i * 3, { le: String(i), kind: 'file' });
      gauge.record(-i - 0.5, { room: values[i]!, floor: i - 3 });
      updown.add(i % 2 === 0 ? 3 : -5, { q: values[i]! });
    }
    const built = await reader.collectWithin(1000);
    for (const options of FORMATS) {
      const deferred = await reader.collectWithin(1000, { deferPoints: true });
      const counts = spy(deferred.resourceMetrics);
      const served = await text(deferred.resourceMetrics, options);
      expect(served).toBe(await text(built.resourceMetrics, options));
      // Every point but the first of each instrument (which fixed its shape and keeps its set)
      // was written from its key, and no set was built from a key. (Two more points: each
      // histogram's first, read for its bucket boundaries.)
      expect(counts).toEqual({ points: 37, keyed: 30, built: 0 });
    }
    const text04 = await text(built.resourceMetrics, { format: 'text' });
    expect(text04).toContain(
      'requests_total{code="201",http_route="a\\"quoted\\"",method="GET",ok="false",otel_scope_name="m",otel_scope_version="1.0"} 2\n',
    );
    expect(text04).toContain('sizes_bucket{kind="file",exported_le="2",otel_scope_name="m"');
    expect(text04).toContain(
      'level{floor="0",room="new\\nline",otel_scope_name="m",otel_scope_version="1.0"} -3.5\n',
    );
    const deferred = await reader.collectWithin(1000, { deferPoints: true });
    const counts = spy(deferred.resourceMetrics);
    expect(await toFamilies(deferred.resourceMetrics)).toEqual(
      await toFamilies(built.resourceMetrics),
    );
    expect(counts).toEqual({ points: 35, keyed: 30, built: 0 });
  });

  it('falls back to the set where the key cannot give the block: names that make one label', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('hits');
    // `a.b` and `a_b` are both the label `a_b`: the values are joined with `;` in key order.
    for (let i = 0; i < 3; i++) counter.add(i + 1, { 'a.b': `x${i}`, a_b: `y${i}` });
    const built = await reader.collectWithin(1000);
    const deferred = await reader.collectWithin(1000, { deferPoints: true });
    const counts = spy(deferred.resourceMetrics);
    const served = await text(deferred.resourceMetrics, { format: 'text' });
    expect(served).toBe(await text(built.resourceMetrics, { format: 'text' }));
    expect(served).toContain(
      'hits_total{a_b="x1;y1",otel_scope_name="m",otel_scope_version="1.0"} 2\n',
    );
    expect(counts.keyed).toBe(0);
  });

  it('names a dropped key-held series by its attributes', async () => {
    const { reader, meter } = setup();
    // Two instruments whose names make one family: the second one's series are served by the first.
    meter.createCounter('jobs', { unit: '1' }).add(1, { queue: 'a', pool: 'p' });
    const twin = meter.createCounter('jobs_total');
    twin.add(1, { queue: 'z', pool: 'q' });
    twin.add(2, { queue: 'a', pool: 'p' });
    const deferred = await reader.collectWithin(1000, { deferPoints: true });
    const served = await text(deferred.resourceMetrics, { format: 'text' });
    const built = await reader.collectWithin(1000);
    expect(served).toBe(await text(built.resourceMetrics, { format: 'text' }));
    expect(served).toMatch(/series with attributes \{"queue":"a","pool":"p"\} dropped/);
  });
});
