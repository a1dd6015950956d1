import { ROOT_CONTEXT, TraceFlags, ValueType, trace } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MeterProvider, UnknownInstrumentError, type Exemplar } from '../src/index.js';
import { TestReader } from './support/test-reader.js';

// Every method of MeterProvider.admin, with the values the next collection serves.

class Reader extends TestReader {
  constructor(temporality = AggregationTemporality.CUMULATIVE, limit = 50) {
    super(temporality, limit);
  }
  async metrics(): Promise<MetricData[]> {
    const { resourceMetrics } = await this.collect({ timeoutMillis: 200 });
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  }
}

type Point = DataPoint<unknown> & { exemplars?: Exemplar[] };

function points(metrics: MetricData[], name: string): Point[] {
  return (metrics.find((m) => m.descriptor.name === name)?.dataPoints ?? []) as Point[];
}

function byAttribute(served: Point[], key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of served) {
    const overflow = p.attributes['otel.metric.overflow'] === true;
    out[overflow ? 'overflow' : String(p.attributes[key])] = p.value;
  }
  return out;
}

function setup(readers = [new Reader()]) {
  const logged: string[] = [];
  const provider = new MeterProvider({
    readers,
    logger: { warn: (m) => logged.push(m), info: (m) => logged.push(m) },
  });
  return { provider, admin: provider.admin, meter: provider.getMeter('shop', '1.2.0'), logged };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('instruments()', () => {
  it('lists every instrument in creation order with its scope, kind, unit, value type, series count and limit', async () => {
    const reader = new Reader();
    const { provider, admin, meter } = setup([reader]);
    const orders = meter.createCounter('orders', {
      unit: '{order}',
      description: 'Orders placed',
      valueType: ValueType.INT,
    });
    meter.createHistogram('latency', { unit: 's' }).record(0.2, { route: '/a' });
    provider
      .getMeter('other')
      .createObservableGauge('queue.depth')
      .addCallback((r) => {
        r.observe(1, { q: 'a' });
        r.observe(2, { q: 'b' });
      });
    for (const region of ['eu', 'us', 'ap']) orders.add(1, { region });

    const listed = admin.instruments().filter((i) => !i.name.startsWith('meterline.engine.'));
    expect(listed).toEqual([
      {
        name: 'orders',
        scope: { name: 'shop', version: '1.2.0' },
        kind: 'counter',
        unit: '{order}',
        description: 'Orders placed',
        valueType: 'int',
        seriesCount: 3,
        cardinalityLimit: 50,
        enabled: true,
      },
      expect.objectContaining({ name: 'latency', kind: 'histogram', unit: 's', seriesCount: 1 }),
      expect.objectContaining({
        name: 'queue.depth',
        scope: { name: 'other' },
        kind: 'observable_gauge',
        valueType: 'double',
        seriesCount: 0,
      }),
    ]);
    // Observable series exist once a collection ran the callback.
    await reader.metrics();
    expect(admin.instruments().find((i) => i.name === 'queue.depth')?.seriesCount).toBe(2);
    // The engine's own instruments are instruments like any other.
    expect(admin.instruments().map((i) => i.name)).toContain(
      'meterline.engine.measurements.overflowed',
    );
  });

  it('counts a second creation of the same instrument once', () => {
    const { admin, meter } = setup();
    meter.createCounter('jobs').add(1, { a: '1' });
    meter.createCounter('jobs').add(1, { a: '2' });
    expect(admin.instruments().filter((i) => i.name === 'jobs')).toEqual([
      expect.objectContaining({ seriesCount: 2 }),
    ]);
  });
});

describe('setCardinalityLimit()', () => {
  it('lowered below the series held: the newest series fold into the overflow series at once, totals kept', async () => {
    const reader = new Reader();
    const { admin, meter, logged } = setup([reader]);
    const counter = meter.createCounter('requests');
    for (let i = 0; i < 10; i++) counter.add(i + 1, { user: `u${i}` });
    expect(byAttribute(points(await reader.metrics(), 'requests'), 'user')).toMatchObject({
      u9: 10,
    });

    const [info] = admin.setCardinalityLimit('requests', 4);
    expect(info).toMatchObject({ name: 'requests', seriesCount: 4, cardinalityLimit: 4 });
    // u0..u2 stay; u3..u9 (4 + 5 + … + 10 = 49) fold into the overflow series.
    expect(byAttribute(points(await reader.metrics(), 'requests'), 'user')).toEqual({
      u0: 1,
      u1: 2,
      u2: 3,
      overflow: 49,
    });
    // A new attribute set goes to the overflow series; a kept one still has its own.
    counter.add(100, { user: 'new' });
    counter.add(1, { user: 'u0' });
    expect(byAttribute(points(await reader.metrics(), 'requests'), 'user')).toEqual({
      u0: 2,
      u1: 2,
      u2: 3,
      overflow: 149,
    });
    expect(logged.join('\n')).toContain('7 series merged into the otel.metric.overflow="true"');
    expect(points(await reader.metrics(), 'meterline.engine.series.removed')).toEqual([
      expect.objectContaining({
        attributes: { metric: 'requests', reason: 'limit_lowered' },
        value: 7,
      }),
    ]);
  });

  it('restored (undefined): new series get their own again, the overflow series keeps what it holds', async () => {
    const reader = new Reader();
    const { admin, meter } = setup([reader]);
    const counter = meter.createCounter('requests');
    for (let i = 0; i < 5; i++) counter.add(1, { user: `u${i}` });
    admin.setCardinalityLimit('requests', 2);
    const [info] = admin.setCardinalityLimit('requests', undefined);
    expect(info).toMatchObject({ cardinalityLimit: 50, seriesCount: 2 });
    counter.add(5, { user: 'later' });
    expect(byAttribute(points(await reader.metrics(), 'requests'), 'user')).toEqual({
      u0: 1,
      overflow: 4,
      later: 5,
    });
  });

  it('keeps every reader’s totals when folding: a cumulative and a delta reader', async () => {
    const cumulative = new Reader(AggregationTemporality.CUMULATIVE);
    const delta = new Reader(AggregationTemporality.DELTA);
    const { admin, meter } = setup([cumulative, delta]);
    const counter = meter.createCounter('bytes');
    for (let i = 0; i < 4; i++) counter.add(10, { peer: `p${i}` });
    await cumulative.metrics();
    await delta.metrics();
    counter.add(1, { peer: 'p3' });
    admin.setCardinalityLimit('bytes', 2);
    expect(byAttribute(points(await cumulative.metrics(), 'bytes'), 'peer')).toEqual({
      p0: 10,
      overflow: 31,
    });
    // The delta reader had reported the first 40 already; only p3's new 1 is pending.
    expect(byAttribute(points(await delta.metrics(), 'bytes'), 'peer')).toEqual({ overflow: 1 });
  });

  it('folds histograms bucket by bucket: count and sum kept', async () => {
    const reader = new Reader();
    const { admin, meter } = setup([reader]);
    const histogram = meter.createHistogram('latency', {
      advice: { explicitBucketBoundaries: [1, 10] },
    });
    histogram.record(0.5, { route: 'a' });
    histogram.record(5, { route: 'b' });
    histogram.record(50, { route: 'c' });
    admin.setCardinalityLimit('latency', 2);
    const served = points(await reader.metrics(), 'latency');
    const overflow = served.find((p) => p.attributes['otel.metric.overflow'] === true)!;
    expect(served).toHaveLength(2);
    expect((overflow.value as Histogram).count).toBe(2);
    expect((overflow.value as Histogram).sum).toBe(55);
    expect((overflow.value as Histogram).buckets.counts).toEqual([0, 1, 1]);
  });

  it('applies to an instrument of that name created later, in any meter', () => {
    const { provider, admin, meter } = setup();
    meter.createCounter('jobs');
    admin.setCardinalityLimit('JOBS', 3);
    const later = provider.getMeter('worker').createCounter('jobs');
    for (let i = 0; i < 10; i++) later.add(1, { id: i });
    expect(admin.instruments().filter((i) => i.name === 'jobs')).toEqual([
      expect.objectContaining({ scope: { name: 'shop', version: '1.2.0' }, cardinalityLimit: 3 }),
      expect.objectContaining({ scope: { name: 'worker' }, cardinalityLimit: 3, seriesCount: 3 }),
    ]);
  });

  it('rejects a limit that is not an integer >= 1, and an unknown name', () => {
    const { admin, meter } = setup();
    meter.createCounter('jobs');
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => admin.setCardinalityLimit('jobs', bad)).toThrow(
        new RegExp(`cardinality limit of "jobs": expected an integer >= 1.*got ${bad}`),
      );
      expect(() => admin.setCardinalityLimit('jobs', bad)).toThrow(RangeError);
    }
    expect(() => admin.setCardinalityLimit('nope', 5)).toThrow(UnknownInstrumentError);
    expect(() => admin.setCardinalityLimit('nope', 5)).toThrow('no instrument is named "nope"');
  });
});

describe('setEnabled()', () => {
  it('disabled: recordings dropped and nothing exported; re-enabled: from zero with a new start time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const reader = new Reader();
    const { admin, meter } = setup([reader]);
    const counter = meter.createCounter('orders');
    counter.add(5, { region: 'eu' });
    const before = points(await reader.metrics(), 'orders');
    expect(before.map((p) => p.value)).toEqual([5]);

    expect(admin.setEnabled('orders', false)).toEqual([
      expect.objectContaining({ enabled: false, seriesCount: 0 }),
    ]);
    counter.add(7, { region: 'eu' });
    counter.add(1, { region: 'us' });
    expect(points(await reader.metrics(), 'orders')).toEqual([]);
    expect(admin.instruments().find((i) => i.name === 'orders')?.seriesCount).toBe(0);

    vi.setSystemTime(2_000_000);
    admin.setEnabled('orders', true);
    counter.add(2, { region: 'eu' });
    const after = points(await reader.metrics(), 'orders');
    expect(after.map((p) => p.value)).toEqual([2]);
    expect(hrTimeToMilliseconds(after[0]!.startTime)).toBe(2_000_000);
    expect(hrTimeToMilliseconds(before[0]!.startTime)).toBe(1_000_000);
  });

  it('a delta reader’s first point after re-enabling starts at the re-enabled series', async () => {
    const reader = new Reader(AggregationTemporality.DELTA);
    const { admin, meter } = setup([reader]);
    const histogram = meter.createHistogram('size');
    histogram.record(3);
    admin.setEnabled('size', false);
    expect(points(await reader.metrics(), 'size')).toEqual([]);
    admin.setEnabled('size', true);
    histogram.record(4);
    const served = points(await reader.metrics(), 'size');
    expect(served.map((p) => (p.value as Histogram).sum)).toEqual([4]);
  });

  it('skips a disabled observable’s callback, and runs it again once enabled', async () => {
    const reader = new Reader();
    const { admin, meter } = setup([reader]);
    let calls = 0;
    meter.createObservableCounter('cpu.time').addCallback((r) => {
      calls++;
      r.observe(42, { cpu: '0' });
    });
    expect(points(await reader.metrics(), 'cpu.time').map((p) => p.value)).toEqual([42]);
    admin.setEnabled('cpu.time', false);
    expect(points(await reader.metrics(), 'cpu.time')).toEqual([]);
    expect(calls).toBe(1);
    admin.setEnabled('cpu.time', true);
    expect(points(await reader.metrics(), 'cpu.time').map((p) => p.value)).toEqual([42]);
    expect(calls).toBe(2);
  });

  it('keeps an instrument of that name created later disabled, and throws for an unknown name', async () => {
    const reader = new Reader();
    const { provider, admin, meter } = setup([reader]);
    meter.createCounter('jobs');
    admin.setEnabled('jobs', false);
    provider.getMeter('late').createCounter('jobs').add(1);
    expect(points(await reader.metrics(), 'jobs')).toEqual([]);
    expect(() => admin.setEnabled('nope', false)).toThrow(UnknownInstrumentError);
  });
});

describe('exemplar filter', () => {
  const sampled = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  });

  it('changes for every instrument from the next measurement', async () => {
    const reader = new Reader(AggregationTemporality.DELTA);
    const { admin, meter } = setup([reader]);
    const counter = meter.createCounter('hits');
    expect(admin.exemplarFilter()).toBe('trace_based');
    counter.add(1);
    expect(points(await reader.metrics(), 'hits')[0]?.exemplars).toBeUndefined();

    admin.setExemplarFilter('always_on');
    expect(admin.exemplarFilter()).toBe('always_on');
    counter.add(2);
    expect(points(await reader.metrics(), 'hits')[0]?.exemplars).toEqual([
      expect.objectContaining({ value: 2 }),
    ]);
    // Also for instruments created afterwards.
    const later = meter.createHistogram('later');
    later.record(3);
    expect(points(await reader.metrics(), 'later')[0]?.exemplars).toEqual([
      expect.objectContaining({ value: 3 }),
    ]);

    admin.setExemplarFilter('always_off');
    counter.add(4, {}, sampled);
    expect(points(await reader.metrics(), 'hits')[0]?.exemplars).toBeUndefined();
    expect(() => admin.setExemplarFilter('sometimes' as never)).toThrow(
      'exemplar filter: expected one of trace_based, always_on, always_off, got "sometimes"',
    );
  });
});

describe('evictSeries()', () => {
  function seeded() {
    const reader = new Reader();
    const { admin, meter } = setup([reader]);
    const counter = meter.createCounter('requests');
    counter.add(1, { route: '/a', method: 'GET' });
    counter.add(2, { route: '/b', method: 'POST' });
    counter.add(3, { route: '/admin/x', method: 'GET' });
    counter.add(4, { route: '/c' });
    const served = async () => byAttribute(points(await reader.metrics(), 'requests'), 'route');
    return { admin, counter, served, reader };
  }

  it('= evicts the series with that value', async () => {
    const { admin, served } = seeded();
    expect(admin.evictSeries('requests', [{ name: 'method', type: '=', value: 'GET' }])).toBe(2);
    expect(await served()).toEqual({ '/b': 2, '/c': 4 });
  });

  it('!= evicts the others, an absent attribute counting as the empty string', async () => {
    const { admin, served } = seeded();
    expect(admin.evictSeries('requests', [{ name: 'method', type: '!=', value: 'GET' }])).toBe(2);
    expect(await served()).toEqual({ '/a': 1, '/admin/x': 3 });
  });

  it('=~ is anchored at both ends, like PromQL', async () => {
    const { admin, served } = seeded();
    // Unanchored, "/a" would also match "/admin/x".
    expect(admin.evictSeries('requests', [{ name: 'route', type: '=~', value: '/a' }])).toBe(1);
    expect(await served()).toEqual({ '/b': 2, '/admin/x': 3, '/c': 4 });
  });

  it('!~ and several matchers: every one must hold', async () => {
    const { admin, served } = seeded();
    const evicted = admin.evictSeries('requests', [
      { name: 'route', type: '!~', value: '/admin/.*' },
      { name: 'method', type: '=~', value: 'GET|' },
    ]);
    expect(evicted).toBe(2); // /a (GET) and /c (no method: "")
    expect(await served()).toEqual({ '/b': 2, '/admin/x': 3 });
  });

  it('no matcher evicts every series; an evicted series restarts from zero with a new start time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(5_000_000);
    const { admin, counter, reader } = seeded();
    expect(admin.evictSeries('requests', [])).toBe(4);
    expect(points(await reader.metrics(), 'requests')).toEqual([]);
    vi.setSystemTime(6_000_000);
    counter.add(9, { route: '/a', method: 'GET' });
    const [point] = points(await reader.metrics(), 'requests');
    expect(point?.value).toBe(9);
    expect(hrTimeToMilliseconds(point!.startTime)).toBe(6_000_000);
    expect(points(await reader.metrics(), 'meterline.engine.series.removed')).toEqual([
      expect.objectContaining({ attributes: { metric: 'requests', reason: 'evicted' }, value: 4 }),
    ]);
  });

  it('evicts the overflow series by its attribute', async () => {
    const { admin, served } = seeded();
    admin.setCardinalityLimit('requests', 2);
    expect(
      admin.evictSeries('requests', [{ name: 'otel.metric.overflow', type: '=', value: 'true' }]),
    ).toBe(1);
    expect(await served()).toEqual({ '/a': 1 });
  });

  it('after evicting the overflow series, recordings without attributes are counted again', async () => {
    const reader = new Reader(AggregationTemporality.CUMULATIVE, 2);
    const { admin, meter } = setup([reader]);
    const counter = meter.createCounter('jobs');
    counter.add(1, { a: '1' });
    counter.add(2); // past the limit: the overflow series
    expect(
      admin.evictSeries('jobs', [{ name: 'otel.metric.overflow', type: '=', value: 'true' }]),
    ).toBe(1);
    counter.add(3);
    expect(byAttribute(points(await reader.metrics(), 'jobs'), 'a')).toEqual({
      '1': 1,
      overflow: 3,
    });
    admin.setCardinalityLimit('jobs', 10);
    counter.add(4);
    expect(byAttribute(points(await reader.metrics(), 'jobs'), 'a')).toEqual({
      '1': 1,
      overflow: 3,
      undefined: 4,
    });
  });

  it('forgets observed series: the callback’s next report starts them anew', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const reader = new Reader();
    const { admin, meter } = setup([reader]);
    meter.createObservableCounter('cpu').addCallback((r) => r.observe(10, { cpu: '0' }));
    const [first] = points(await reader.metrics(), 'cpu');
    vi.setSystemTime(2_000_000);
    expect(admin.evictSeries('cpu', [{ name: 'cpu', type: '=', value: '0' }])).toBe(1);
    const [again] = points(await reader.metrics(), 'cpu');
    expect(hrTimeToMilliseconds(first!.startTime)).toBe(1_000_000);
    expect(hrTimeToMilliseconds(again!.startTime)).toBe(2_000_000);
  });

  it('throws SyntaxError naming the matcher for a bad or oversized regex, UnknownInstrumentError for a bad name', () => {
    const { admin } = seeded();
    expect(() =>
      admin.evictSeries('requests', [
        { name: 'route', type: '=', value: '/a' },
        { name: 'method', type: '=~', value: '(GET' },
      ]),
    ).toThrow(/^matcher 1 \("method"=~"\(GET"\): Invalid regular expression/);
    expect(() =>
      admin.evictSeries('requests', [{ name: 'route', type: '=~', value: 'a)|(b' }]),
    ).toThrow(SyntaxError);
    expect(() =>
      admin.evictSeries('requests', [{ name: 'route', type: '=~', value: 'a'.repeat(1025) }]),
    ).toThrow('the regular expression has 1025 characters, more than the 1024 allowed');
    expect(() =>
      admin.evictSeries('requests', [{ name: 'route', type: '~' as never, value: 'x' }]),
    ).toThrow('unknown matcher type, expected one of = != =~ !~');
    expect(() => admin.evictSeries('nope', [])).toThrow(UnknownInstrumentError);
  });
});
