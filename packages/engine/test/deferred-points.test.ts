import {
  AggregationTemporality,
  MetricReader,
  type CollectionResult,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { deferredPoints, MeterProvider, type SlicedMetricProducer } from '../src/index.js';

// `deferPoints`: each synchronous instrument's values are taken at collection time (atomically),
// its points built only as they are read. A recording made after the collection, before its points
// are read, must land in exactly one collection: the next.

class DeltaReader extends MetricReader {
  producer: SlicedMetricProducer | undefined;
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  override setMetricProducer(producer: MetricProducer): void {
    super.setMetricProducer(producer);
    this.producer = producer as SlicedMetricProducer;
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  deferred(): Promise<CollectionResult> {
    return this.producer!.collect({ deferPoints: true, sliceMs: 0 });
  }
}

function only(result: CollectionResult): MetricData {
  expect(result.errors).toEqual([]);
  const metrics = result.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  expect(metrics).toHaveLength(1);
  return metrics[0]!;
}

/** `{k} value` of every point, read through the source one at a time. */
function values(metric: MetricData): string[] {
  const source = deferredPoints(metric)!;
  expect(source).toBeDefined();
  const out: string[] = [];
  for (let at = 0; at < source.count; at++) {
    const point = source.pointAt(at);
    expect(source.attributesAt(at)).toStrictEqual(point.attributes);
    out.push(`${String(point.attributes['k'])} ${JSON.stringify(point.value)}`);
  }
  return out;
}

describe('deferred points', () => {
  it('puts a recording made before the points are read in the next collection only', async () => {
    const reader = new DeltaReader();
    const provider = new MeterProvider({ readers: [reader], selfMetrics: false });
    const counter = provider.getMeter('m').createCounter('c');
    const histogram = provider
      .getMeter('m')
      .createHistogram('h', { advice: { explicitBucketBoundaries: [1] } });
    counter.add(1, { k: 'a' });
    counter.add(2, { k: 'b' });
    const first = await reader.deferred();
    counter.add(10, { k: 'a' });
    counter.add(20, { k: 'c' });
    expect(values(only(first))).toEqual(['a 1', 'b 2']);
    const second = await reader.deferred();
    expect(values(only(second))).toEqual(['a 10', 'c 20']);
    // Built again, a point is the same: reading twice changes nothing.
    expect(values(only(second))).toEqual(['a 10', 'c 20']);

    histogram.record(0.5, { k: 'x' });
    const third = await reader.deferred();
    histogram.record(5, { k: 'x' });
    const [point] = third.resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints;
    expect(point!.value).toMatchObject({ count: 1, sum: 0.5, buckets: { counts: [1, 0] } });
    const fourth = await reader.deferred();
    expect(fourth.resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!.value).toMatchObject({
      count: 1,
      sum: 5,
      buckets: { counts: [0, 1] },
    });
    await provider.shutdown();
  });

  it('rejects a position outside the points', async () => {
    const reader = new DeltaReader();
    const provider = new MeterProvider({ readers: [reader], selfMetrics: false });
    provider.getMeter('m').createCounter('c').add(1);
    const source = deferredPoints(only(await reader.deferred()))!;
    expect(source.count).toBe(1);
    expect(() => source.pointAt(1)).toThrow('point 1 of a metric with 1 points');
    await provider.shutdown();
  });

  it("gives a key-held series' key, from which its set is built, and carries a given placeholder", async () => {
    const reader = new DeltaReader();
    const provider = new MeterProvider({ readers: [reader], selfMetrics: false });
    const counter = provider.getMeter('m').createCounter('c');
    // The first set fixes the shape (and keeps its copy); the next ones of the shape hold keys;
    // an empty value, another shape and an inherited entry keep their copies.
    counter.add(1, { route: '/a', code: 200, ok: true });
    counter.add(2, { route: '/b', code: 404, ok: false });
    counter.add(3, { route: '/c', code: -1.5, ok: true });
    counter.add(4, { route: '', code: 200, ok: true });
    counter.add(5, { other: 'x' });
    counter.add(6, Object.assign(Object.create({ route: '/d' }) as object, { code: 1, ok: true }));
    const source = deferredPoints(only(await reader.deferred()))!;
    expect(source.keyNames).toEqual(['route', 'code', 'ok']);
    const keys = Array.from({ length: source.count }, (_, at) => source.keyAt(at));
    expect(keys).toEqual([
      undefined,
      '/b\u0000404\u0000false',
      '/c\u0000-1.5\u0000true',
      undefined,
      undefined,
      undefined,
    ]);
    expect(source.attributesAt(2)).toStrictEqual({ route: '/c', code: -1.5, ok: true });
    const placeholder = Object.freeze({});
    const point = source.pointAt(1, placeholder);
    expect(point.attributes).toBe(placeholder);
    expect(point.value).toBe(2);
    expect(source.pointAt(1).attributes).toStrictEqual({ route: '/b', code: 404, ok: false });
    // One names array for the storage, at every collection.
    counter.add(1, { route: '/e', code: 1, ok: true });
    expect(deferredPoints(only(await reader.deferred()))!.keyNames).toBe(source.keyNames);
    await provider.shutdown();
  });
});
