import { ROOT_CONTEXT, TraceFlags, ValueType, trace, type Attributes } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  MeterProvider as SdkMeterProvider,
  createAllowListAttributesProcessor,
  type DataPoint,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MeterProvider, type EngineMeterProviderOptions, type Exemplar } from '../src/index.js';
import { TestReader } from './support/test-reader.js';

// Where the engine deliberately differs from @opentelemetry/sdk-metrics (cardinality that holds,
// dropped bad values, unobserved and stale series), and the rest of its contract that the
// differential tests do not reach (start times, callbacks that fail, mutated attribute objects).

class Reader extends TestReader {
  async metrics(): Promise<MetricData[]> {
    const { resourceMetrics, errors } = await this.collect({ timeoutMillis: 200 });
    this.lastErrors = errors;
    return flatten(resourceMetrics);
  }
  lastErrors: unknown[] = [];
}

function flatten(resourceMetrics: ResourceMetrics): MetricData[] {
  return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}

function find(metrics: MetricData[], name: string): MetricData | undefined {
  return metrics.find((m) => m.descriptor.name === name);
}

function sortedKeys(attributes: Attributes): string {
  return Object.keys(attributes).sort().join(',');
}

function points(metrics: MetricData[], name: string): DataPoint<unknown>[] {
  return (find(metrics, name)?.dataPoints ?? []) as DataPoint<unknown>[];
}

function setup(options: Omit<EngineMeterProviderOptions, 'readers'> = {}, reader = new Reader()) {
  const warnings: string[] = [];
  const provider = new MeterProvider({
    ...options,
    readers: [reader],
    logger: { warn: (m) => warnings.push(m) },
  });
  return { provider, reader, meter: provider.getMeter('test'), warnings };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('cardinality that holds', () => {
  it('keeps served series at the limit over many cumulative cycles of new values, and the overflow series keeps the sum', async () => {
    const { meter, reader } = setup({}, new Reader(AggregationTemporality.CUMULATIVE, 100));
    const counter = meter.createCounter('requests');
    let total = 0;
    for (let cycle = 0; cycle < 10; cycle++) {
      for (let i = 0; i < 500; i++) {
        counter.add(2, { user: `u${cycle}-${i}` });
        total += 2;
      }
      const served = points(await reader.metrics(), 'requests');
      expect(served).toHaveLength(100);
      expect(served.reduce((sum, p) => sum + (p.value as number), 0)).toBe(total);
      const overflow = served.find((p) => p.attributes['otel.metric.overflow'] === true);
      expect(overflow?.value).toBe(total - 99 * 2);
    }
    // Every measurement past the first 99 series was counted as overflowed.
    const self = points(await reader.metrics(), 'meterline.engine.measurements.overflowed');
    expect(self).toEqual([
      expect.objectContaining({ attributes: { metric: 'requests' }, value: 5000 - 99 }),
    ]);
  });

  it('differs from sdk-metrics 3.1, whose cumulative series count grows past the limit every cycle', async () => {
    const reader = new Reader(AggregationTemporality.CUMULATIVE, 100);
    const counter = new SdkMeterProvider({ readers: [reader] }).getMeter('t').createCounter('c');
    for (let cycle = 0; cycle < 3; cycle++) {
      for (let i = 0; i < 500; i++) counter.add(1, { user: `u${cycle}-${i}` });
      await reader.metrics();
    }
    expect(points(await reader.metrics(), 'c').length).toBeGreaterThan(100);
  });

  it('bounds observable series too, folding the rest into the overflow series', async () => {
    const { meter, reader } = setup({}, new Reader(AggregationTemporality.CUMULATIVE, 10));
    meter.createObservableGauge('queue.depth').addCallback((r) => {
      for (let i = 0; i < 50; i++) r.observe(i, { queue: `q${i}` });
    });
    const served = points(await reader.metrics(), 'queue.depth');
    expect(served).toHaveLength(10);
    expect(served.at(-1)).toMatchObject({
      attributes: { 'otel.metric.overflow': true },
      value: 49,
    });
  });
});

describe('bad values', () => {
  it('drops NaN, infinities and negative counter increments without poisoning the series, and says so once per instrument and reason', async () => {
    const { meter, reader, warnings } = setup();
    const counter = meter.createCounter('c');
    const histogram = meter.createHistogram('h');
    const gauge = meter.createGauge('g');
    counter.add(1);
    counter.add(NaN);
    counter.add(NaN);
    counter.add(Infinity);
    counter.add(-5);
    counter.add('7' as unknown as number);
    counter.add(2);
    histogram.record(-1);
    histogram.record(3);
    gauge.record(-Infinity);
    gauge.record(-4);
    const metrics = await reader.metrics();
    expect(points(metrics, 'c').map((p) => p.value)).toEqual([3]);
    expect((points(metrics, 'h')[0]!.value as Histogram).count).toBe(1);
    expect(points(metrics, 'g').map((p) => p.value)).toEqual([-4]);
    const rejected = points(metrics, 'meterline.engine.measurements.rejected').map((p) => [
      p.attributes.metric,
      p.attributes.reason,
      p.value,
    ]);
    expect(rejected).toEqual(
      expect.arrayContaining([
        ['c', 'not-finite', 3],
        ['c', 'negative', 1],
        ['c', 'not-a-number', 1],
        ['h', 'negative', 1],
        ['g', 'not-finite', 1],
      ]),
    );
    expect(rejected).toHaveLength(5);
    expect(warnings.filter((w) => w.includes('"c"'))).toHaveLength(3);
    expect(warnings.join('\n')).toContain('instrument "c" got a NaN or infinite value (got NaN)');
  });

  it('truncates fractions on integer instruments, as the SDK does', async () => {
    const { meter, reader } = setup();
    meter.createCounter('i', { valueType: ValueType.INT }).add(2.9);
    expect(points(await reader.metrics(), 'i').map((p) => p.value)).toEqual([2]);
  });

  it('leaves out an attribute whose value is an object, keeping the rest of the measurement', async () => {
    const { meter, reader, warnings } = setup();
    meter.createCounter('c').add(1, { ok: 'yes', bad: { nested: 1 } } as unknown as Attributes);
    expect(points(await reader.metrics(), 'c').map((p) => p.attributes)).toEqual([{ ok: 'yes' }]);
    expect(warnings.join('\n')).toContain('an attribute value that is not a string');
  });
});

describe('attribute sets', () => {
  it('records into the right series when the caller mutates the object it passes again', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    const attributes: Record<string, string> = { route: '/a' };
    counter.add(1, attributes);
    counter.add(1, attributes);
    attributes.route = '/b';
    counter.add(5, attributes);
    attributes.extra = 'x';
    counter.add(7, attributes);
    const served = points(await reader.metrics(), 'c').map((p) => [p.attributes, p.value]);
    expect(served).toEqual([
      [{ route: '/a' }, 2],
      [{ route: '/b' }, 5],
      [{ route: '/b', extra: 'x' }, 7],
    ]);
  });

  it('records into the right series when the caller removes a key from the object it passes again', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    const attributes: Record<string, string | undefined> = { route: '/a', extra: 'x' };
    counter.add(1, attributes);
    counter.add(2, attributes);
    delete attributes.extra;
    counter.add(4, attributes);
    counter.add(8, attributes);
    attributes.route = undefined;
    counter.add(16, attributes);
    const served = points(await reader.metrics(), 'c').map((p) => [p.attributes, p.value]);
    expect(served).toEqual([
      [{ route: '/a', extra: 'x' }, 3],
      [{ route: '/a' }, 12],
      [{}, 16],
    ]);
  });

  it('records a measurement without attributes through a view with an attribute processor (it threw)', async () => {
    const { meter, reader } = setup({
      views: [
        { instrumentName: 'c', attributesProcessors: [createAllowListAttributesProcessor(['a'])] },
      ],
    });
    const counter = meter.createCounter('c');
    counter.add(1);
    counter.add(2);
    counter.add(4, { a: 'x', b: 'dropped' });
    const served = points(await reader.metrics(), 'c').map((p) => [p.attributes, p.value]);
    expect(served).toEqual([
      [{}, 3],
      [{ a: 'x' }, 4],
    ]);
  });

  it('keeps apart sets that a naive concatenation of keys and values would merge', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    const sets: Attributes[] = [
      { a: 'x', b: 'y' },
      { a: 'x1:bs1:y' },
      { 'a1:x': 'y' },
      { a: 1 },
      { a: '1' },
      { a: true },
      { a: 'true' },
      { a: ['1', '2'] },
      { a: '["1","2"]' },
      { a: 'x\u0000b\u0000y' },
      { 'a\u0000x': 'y' },
      { '\u0001a': 'x' },
      { a: '\u00011:an1;' },
      { a: '\u0001' },
    ];
    sets.forEach((set) => counter.add(1, set));
    counter.add(1, { b: 'y', a: 'x' }); // same set as the first, keys in another order
    const served = points(await reader.metrics(), 'c');
    expect(served).toHaveLength(sets.length);
    expect(served[0]).toMatchObject({ attributes: { a: 'x', b: 'y' }, value: 2 });
  });
});

describe("the fast lane for an instrument's usual attribute shape", () => {
  it('indexes a set once whatever the key order, before and after the shape is fixed', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1); // no attributes: fixes no shape
    counter.add(1, { route: '/a', tags: ['x'] }); // an array: slow lane, fixes no shape
    counter.add(1, { method: 'GET', route: '/a' }); // fixes the shape (method, route)
    counter.add(1, { route: '/a', method: 'GET' }); // same set, keys in another order
    counter.add(1, { tags: ['x'], route: '/a' });
    counter.add(1, { method: 'GET', route: '/a' });
    const served = points(await reader.metrics(), 'c').map((p) => [
      sortedKeys(p.attributes),
      p.value,
    ]);
    expect(served).toEqual(
      expect.arrayContaining([
        ['', 1],
        ['route,tags', 2],
        ['method,route', 3],
      ]),
    );
    expect(served).toHaveLength(3);
  });

  it('finds a set of the shape in the fast lane whatever its key order, next to slow-lane sets', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { a: 'x', b: ['array'] }); // slow lane
    counter.add(1, { b: 'y', a: 'x' }); // fixes the shape (b, a)
    counter.add(1, { a: 'x', b: 'y' }); // the other order: found in the fast lane
    counter.add(1, { b: 'y', a: 'x' });
    const served = points(await reader.metrics(), 'c');
    expect(served.map((p) => [sortedKeys(p.attributes), p.value])).toEqual(
      expect.arrayContaining([
        ['a,b', 1],
        ['a,b', 3],
      ]),
    );
    expect(served).toHaveLength(2);
  });

  it('exports series in the order they were created, whichever lane holds them', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, {}); // slow lane (fixes no shape)
    counter.add(2, { k: '' }); // fixes the shape: fast lane
    counter.add(3, { k: 'v', tags: ['x'] }); // slow lane
    counter.add(4, { k: 'v' }); // fast lane
    expect(points(await reader.metrics(), 'c').map((p) => p.value)).toEqual([1, 2, 3, 4]);
  });

  it('keeps apart sets of the shape whose values hold NULs, recorded with a new object each time', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { a: 'x', b: 'y' }); // fixes the shape (a, b)
    // Both would be keyed 'x\0y\0z' by values joined with NUL: neither may take the fast lane.
    for (let i = 0; i < 3; i++) {
      counter.add(2, { a: 'x\u0000y', b: 'z' });
      counter.add(4, { a: 'x', b: 'y\u0000z' });
      counter.add(8, { a: 'x', b: 'y' });
    }
    const served = points(await reader.metrics(), 'c').map((p) => [p.attributes, p.value]);
    expect(served).toEqual([
      [{ a: 'x', b: 'y' }, 25],
      [{ a: 'x\u0000y', b: 'z' }, 6],
      [{ a: 'x', b: 'y\u0000z' }, 12],
    ]);
  });

  it('cuts a value over the length limit on a set of the shape, recorded with a new object each time', async () => {
    const { meter, reader } = setup({ attributeLimits: { valueLength: 3, count: 128 } });
    const counter = meter.createCounter('c');
    counter.add(1, { a: 'abc', b: 'y' }); // fixes the shape (a, b)
    for (let i = 0; i < 3; i++) {
      counter.add(2, { a: 'abcd', b: 'y' }); // cut to the set above
      counter.add(4, { a: 'abcde', b: 'y' });
    }
    const served = points(await reader.metrics(), 'c').map((p) => [p.attributes, p.value]);
    expect(served).toEqual([[{ a: 'abc', b: 'y' }, 19]]);
  });

  it('keeps the type of each value: 200 and "200" are two series', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { code: 200 });
    counter.add(2, { code: '200' });
    counter.add(4, { code: 200 });
    counter.add(8, { code: true });
    counter.add(16, { code: 'true' });
    expect(
      points(await reader.metrics(), 'c')
        .map((p) => p.value)
        .sort((a, b) => (a as number) - (b as number)),
    ).toEqual([2, 5, 8, 16]);
  });

  it('exports a fast-lane set exactly as first recorded, values of every type and order kept', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { s: 'a', n: 1.5, b: true, e: 'y' }); // fixes the shape
    counter.add(2, { s: 'x\ty', n: -3e21, b: false, e: 'z' });
    counter.add(4, { s: 'nan', n: NaN, b: true, e: 'y' });
    counter.add(8, { s: 'inf', n: -Infinity, b: false, e: 'y' });
    counter.add(16, { s: 'zero', n: -0, b: false, e: 'y' }); // -0 stays -0
    counter.add(32, { s: 'zero', n: 0, b: false, e: 'y' }); // the same series (as in sdk-metrics)
    counter.add(64, { s: 'empty', n: 2, b: true, e: '' }); // an empty value: kept as a copy
    counter.add(128, { s: 'tiny', n: 5e-324, b: true, e: 'y' });
    const served = points(await reader.metrics(), 'c');
    expect(served.map((p) => [p.attributes, p.value])).toEqual([
      [{ s: 'a', n: 1.5, b: true, e: 'y' }, 1],
      [{ s: 'x\ty', n: -3e21, b: false, e: 'z' }, 2],
      [{ s: 'nan', n: NaN, b: true, e: 'y' }, 4],
      [{ s: 'inf', n: -Infinity, b: false, e: 'y' }, 8],
      [{ s: 'zero', n: -0, b: false, e: 'y' }, 48],
      [{ s: 'empty', n: 2, b: true, e: '' }, 64],
      [{ s: 'tiny', n: 5e-324, b: true, e: 'y' }, 128],
    ]);
    expect(served.map((p) => Object.keys(p.attributes).join())).toEqual(Array(7).fill('s,n,b,e'));
    expect(Object.is(served[4]!.attributes['n'], -0)).toBe(true);
    // A second collection builds the same sets again: anew from the key where the series holds
    // only its key, the same copy where the series holds one (the first set, which fixed the
    // shape on the slow path, the -0 and the empty value).
    const again = points(await reader.metrics(), 'c').map((p) => p.attributes);
    expect(again).toEqual(served.map((p) => p.attributes));
    const same = again.map((attributes, i) => attributes === served[i]!.attributes);
    expect(same).toEqual([true, false, false, false, true, true, false]);
  });

  it("exports a set's own entries only, not ones inherited from its prototype", async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { method: 'GET', route: '/a' }); // fixes the shape
    // Own `method`, then the inherited `route`: the shape's names in its order, as `for…in` goes.
    const inheriting = Object.create({ route: '/b' }) as Attributes;
    inheriting['method'] = 'PUT';
    counter.add(2, inheriting);
    const served = points(await reader.metrics(), 'c').map((p) => [p.attributes, p.value]);
    expect(served).toEqual([
      [{ method: 'GET', route: '/a' }, 1],
      [{ method: 'PUT' }, 2],
    ]);
  });

  it('keeps recording into the right series through a reused object, mutated or not, after collections', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    const attributes = { method: 'GET', route: '/a' };
    counter.add(1, attributes);
    counter.add(1, attributes);
    await reader.metrics();
    counter.add(1, attributes);
    attributes.route = '/b';
    counter.add(10, attributes);
    counter.add(10, attributes);
    const served = points(await reader.metrics(), 'c').map((p) => [p.attributes, p.value]);
    expect(served).toEqual([
      [{ method: 'GET', route: '/a' }, 3],
      [{ method: 'GET', route: '/b' }, 20],
    ]);
  });
});

describe('observable instruments', () => {
  it('stops exporting an attribute set the callback no longer reports', async () => {
    const { meter, reader } = setup();
    const workers = new Set(['w1', 'w2']);
    meter
      .createObservableGauge('worker.busy')
      .addCallback((r) => workers.forEach((w) => r.observe(1, { worker: w })));
    expect(points(await reader.metrics(), 'worker.busy')).toHaveLength(2);
    workers.delete('w1');
    expect(points(await reader.metrics(), 'worker.busy').map((p) => p.attributes)).toEqual([
      { worker: 'w2' },
    ]);
  });

  it('reports a callback that throws or never settles as a collection error, and still collects the rest', async () => {
    const { meter, reader } = setup();
    meter.createObservableGauge('throws').addCallback(() => {
      throw new Error('boom');
    });
    meter.createObservableGauge('hangs').addCallback(() => new Promise<void>(() => {}));
    meter.createObservableGauge('fine').addCallback((r) => r.observe(3));
    meter.createCounter('sync').add(1);
    const metrics = await reader.metrics();
    expect(metrics.map((m) => m.descriptor.name).sort()).toEqual(['fine', 'sync']);
    expect(reader.lastErrors.map((e) => (e as Error).message).sort()).toEqual([
      'boom',
      'the callback of "hangs" did not finish within 200 ms',
    ]);
  });

  it('gives delta points of an observable counter as the change since the last collection', async () => {
    const reader = new Reader(AggregationTemporality.DELTA);
    const { meter } = setup({}, reader);
    let total = 10;
    meter.createObservableCounter('bytes').addCallback((r) => r.observe(total));
    expect(points(await reader.metrics(), 'bytes')[0]!.value).toBe(10);
    total = 25;
    expect(points(await reader.metrics(), 'bytes')[0]!.value).toBe(15);
  });
});

describe('time', () => {
  it('keeps a cumulative start time fixed at the series creation, and starts delta points at the previous collection', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const cumulative = new Reader();
    const delta = new Reader(AggregationTemporality.DELTA);
    const provider = new MeterProvider({ readers: [cumulative, delta], selfMetrics: false });
    const counter = provider.getMeter('t').createCounter('c');
    counter.add(1);
    vi.setSystemTime(1_005_000);
    const first = points(await cumulative.metrics(), 'c')[0]!;
    const firstDelta = points(await delta.metrics(), 'c')[0]!;
    counter.add(1);
    vi.setSystemTime(1_010_000);
    const second = points(await cumulative.metrics(), 'c')[0]!;
    const secondDelta = points(await delta.metrics(), 'c')[0]!;
    expect(hrTimeToMilliseconds(first.startTime)).toBe(1_000_000);
    expect(hrTimeToMilliseconds(second.startTime)).toBe(1_000_000);
    expect(hrTimeToMilliseconds(second.endTime)).toBe(1_010_000);
    expect(second.value).toBe(2);
    expect(hrTimeToMilliseconds(firstDelta.startTime)).toBe(1_000_000);
    expect(hrTimeToMilliseconds(secondDelta.startTime)).toBe(1_005_000);
    expect([firstDelta.value, secondDelta.value]).toEqual([1, 1]);
  });

  it('evicts a series idle longer than staleSeriesMillis; its next recording starts a new series', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(2_000_000);
    const { meter, reader } = setup({ staleSeriesMillis: 60_000 });
    const counter = meter.createCounter('c');
    counter.add(4, { worker: 'old' });
    counter.add(1, { worker: 'busy' });
    expect(points(await reader.metrics(), 'c')).toHaveLength(2);
    vi.setSystemTime(2_030_000);
    counter.add(1, { worker: 'busy' });
    expect(points(await reader.metrics(), 'c')).toHaveLength(2);
    vi.setSystemTime(2_070_000);
    counter.add(1, { worker: 'busy' });
    // `old` was last recorded 70 s ago: served one last time, then gone.
    expect(points(await reader.metrics(), 'c').map((p) => p.attributes.worker)).toEqual([
      'old',
      'busy',
    ]);
    expect(points(await reader.metrics(), 'c').map((p) => p.attributes.worker)).toEqual(['busy']);
    counter.add(1, { worker: 'old' });
    const reborn = points(await reader.metrics(), 'c').find((p) => p.attributes.worker === 'old')!;
    expect(reborn.value).toBe(1);
    expect(hrTimeToMilliseconds(reborn.startTime)).toBe(2_070_000);
  });
});

describe('instrument registration', () => {
  it('merges a second instrument of the same identity into the first stream, and exports both of a conflicting pair with a warning', async () => {
    const { meter, reader, warnings } = setup();
    meter.createCounter('jobs').add(1);
    meter.createCounter('JOBS').add(2);
    meter.createUpDownCounter('jobs').add(-1);
    const metrics = (await reader.metrics()).filter(
      (m) => m.descriptor.name.toLowerCase() === 'jobs',
    );
    expect(metrics.map((m) => [m.dataPointType, m.dataPoints[0]!.value])).toEqual([
      [DataPointType.SUM, 3],
      [DataPointType.SUM, -1],
    ]);
    expect(warnings.join('\n')).toMatch(/"jobs".*already created as a COUNTER/);
  });

  it('warns about an invalid instrument name and still records', async () => {
    const { meter, reader, warnings } = setup();
    meter.createCounter('1-bad name').add(1);
    expect(points(await reader.metrics(), '1-bad name')).toHaveLength(1);
    expect(warnings.join('\n')).toContain('invalid instrument name "1-bad name"');
  });
});

describe('exponential histograms', () => {
  const exponential = {
    instrumentName: 'e',
    aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM as const },
  };
  /** The scale of the single point of `e` after two collection intervals on each provider. */
  async function scales(first: number, second: number): Promise<{ engine: number; sdk: number }> {
    const out: number[] = [];
    for (const make of ['engine', 'sdk'] as const) {
      const reader = new Reader();
      const provider =
        make === 'engine'
          ? new MeterProvider({ readers: [reader], views: [exponential], selfMetrics: false })
          : new SdkMeterProvider({ readers: [reader], views: [exponential] });
      const e = provider.getMeter('t').createUpDownCounter('e');
      e.add(first);
      await reader.metrics();
      e.add(second);
      const point = points(await reader.metrics(), 'e')[0]!;
      out.push((point.value as ExponentialHistogram).scale);
    }
    return { engine: out[0]!, sdk: out[1]! };
  }

  it('keeps full resolution when one interval records only negative values (sdk-metrics drops to scale 4)', async () => {
    expect(await scales(800, -800)).toEqual({ engine: 20, sdk: 4 });
  });

  it('keeps full resolution after an interval of zeros only (sdk-metrics merges at scale 0)', async () => {
    expect(await scales(0, 10)).toEqual({ engine: 20, sdk: 0 });
  });
});

describe('exemplars', () => {
  const sampled = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  });
  const unsampled = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '1af7651916cd43dd8448eb211c80319c',
    spanId: 'c7ad6b7169203331',
    traceFlags: TraceFlags.NONE,
  });
  type WithExemplars = DataPoint<unknown> & { exemplars?: Exemplar[] };

  it('keeps, with the trace_based default, only measurements made in a sampled span, with its ids', async () => {
    const { meter, reader } = setup();
    const counter = meter.createCounter('c');
    counter.add(1, { a: 'x' }, unsampled);
    counter.add(2, { a: 'x' }, sampled);
    counter.add(3, { a: 'x' });
    counter.add(4, { a: 'y' }, unsampled);
    const served = points(await reader.metrics(), 'c') as WithExemplars[];
    expect(served[0]!.exemplars).toEqual([
      expect.objectContaining({
        value: 2,
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        filteredAttributes: {},
      }),
    ]);
    expect(served[1]!.exemplars).toBeUndefined();
    // A cumulative series keeps its latest exemplar for every later scrape, until replaced.
    counter.add(5, { a: 'x' });
    const again = (points(await reader.metrics(), 'c') as WithExemplars[])[0]!;
    expect(again.exemplars?.map((e) => e.value)).toEqual([2]);
    counter.add(6, { a: 'x' }, sampled);
    const replaced = (points(await reader.metrics(), 'c') as WithExemplars[])[0]!;
    expect(replaced.exemplars?.map((e) => e.value)).toEqual([6]);
  });

  it('gives a delta point the exemplars of its own interval only', async () => {
    const { meter, reader } = setup({}, new Reader(AggregationTemporality.DELTA));
    const counter = meter.createCounter('c');
    counter.add(2, {}, sampled);
    expect((points(await reader.metrics(), 'c') as WithExemplars[])[0]!.exemplars).toHaveLength(1);
    counter.add(5);
    expect((points(await reader.metrics(), 'c') as WithExemplars[])[0]!.exemplars).toBeUndefined();
  });

  it('keeps the last measurement per histogram bucket (aligned reservoir)', async () => {
    const { meter, reader } = setup();
    const histogram = meter.createHistogram('h', { advice: { explicitBucketBoundaries: [1, 10] } });
    for (const v of [0.5, 0.7, 5, 50, 40]) histogram.record(v, {}, sampled);
    const [point] = points(await reader.metrics(), 'h') as WithExemplars[];
    expect(point!.exemplars!.map((e) => e.value)).toEqual([0.7, 5, 40]);
  });

  it('takes every measurement with always_on (no span ids outside a span), none with always_off', async () => {
    for (const [filter, expected] of [
      ['always_on', [{ value: 7, ids: false }]],
      ['always_off', undefined],
    ] as const) {
      const { meter, reader } = setup({ exemplarFilter: filter });
      meter.createCounter('c').add(7);
      const [point] = points(await reader.metrics(), 'c') as WithExemplars[];
      expect(point!.exemplars?.map((e) => ({ value: e.value, ids: 'traceId' in e }))).toEqual(
        expected,
      );
    }
  });
});
