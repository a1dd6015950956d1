import { describe, expect, it } from 'vitest';
import type { SeriesMetric, SeriesPoint } from '../../src/query/convert.js';
import { cumulativeMetrics, deltaMetrics, snapshotOf } from '../../src/query/delta.js';

function point(
  key: string,
  start: number,
  value: number | [number, number, number[]],
): SeriesPoint {
  const base = {
    key,
    attributes: [],
    startTime: [start, 0] as [number, number],
    time: [100, 0] as [number, number],
  };
  if (typeof value === 'number') return { ...base, number: value };
  const [count, sum, bucketCounts] = value;
  return {
    ...base,
    histogram: { count, sum, bounds: [1], bucketCounts, hasMinMax: true, min: 0.5, max: 3 },
  };
}

function metric(kind: SeriesMetric['kind'], points: SeriesPoint[]): SeriesMetric {
  return {
    key: 'm',
    name: 'm',
    description: '',
    unit: '',
    kind,
    scope: { name: 's', version: '', schemaUrl: '' },
    accumulates: kind !== 'INSTRUMENT_KIND_GAUGE',
    points,
  };
}

describe('deltaMetrics', () => {
  it('answers whole values with reset for a cursor it does not know', () => {
    const [m] = deltaMetrics([metric('INSTRUMENT_KIND_COUNTER', [point('a', 1, 5)])], undefined);
    expect(m!.points![0]).toMatchObject({
      number: 5,
      reset: true,
      startTime: { seconds: 1, nanos: 0 },
    });
  });

  it('answers differences since the snapshot, starting at its time', () => {
    const before = snapshotOf([metric('INSTRUMENT_KIND_COUNTER', [point('a', 1, 5)])], 50_000);
    const [m] = deltaMetrics(
      [metric('INSTRUMENT_KIND_COUNTER', [point('a', 1, 8), point('b', 60, 2)])],
      before,
    );
    expect(m!.points!).toMatchObject([
      { number: 3, reset: false, startTime: { seconds: 50, nanos: 0 } },
      { number: 2, reset: true, startTime: { seconds: 60, nanos: 0 } },
    ]);
  });

  it('treats a counter that restarted (new start time or lower value) as a reset', () => {
    const before = snapshotOf(
      [metric('INSTRUMENT_KIND_COUNTER', [point('a', 1, 5), point('b', 1, 9)])],
      50_000,
    );
    const [m] = deltaMetrics(
      [metric('INSTRUMENT_KIND_COUNTER', [point('a', 70, 2), point('b', 1, 4)])],
      before,
    );
    expect(m!.points!.map((p) => [p.number, p.reset])).toEqual([
      [2, true],
      [4, true],
    ]);
  });

  it('lets an up-down counter go negative', () => {
    const before = snapshotOf(
      [metric('INSTRUMENT_KIND_UP_DOWN_COUNTER', [point('a', 1, 5)])],
      50_000,
    );
    const [m] = deltaMetrics(
      [metric('INSTRUMENT_KIND_UP_DOWN_COUNTER', [point('a', 1, 2)])],
      before,
    );
    expect(m!.points![0]).toMatchObject({ number: -3, reset: false });
  });

  it('subtracts histogram count, sum and buckets, leaving min and max out', () => {
    const before = snapshotOf(
      [metric('INSTRUMENT_KIND_HISTOGRAM', [point('a', 1, [2, 3, [1, 1]])])],
      50_000,
    );
    const [m] = deltaMetrics(
      [metric('INSTRUMENT_KIND_HISTOGRAM', [point('a', 1, [5, 10, [2, 3]])])],
      before,
    );
    expect(m!.points![0]!.histogram).toEqual({
      count: 3,
      sum: 7,
      bounds: [1],
      bucketCounts: [1, 2],
      hasMinMax: false,
      min: 0,
      max: 0,
    });
  });

  it('keeps gauges at their value', () => {
    const before = snapshotOf([metric('INSTRUMENT_KIND_GAUGE', [point('a', 1, 5)])], 50_000);
    const [m] = deltaMetrics([metric('INSTRUMENT_KIND_GAUGE', [point('a', 1, 7)])], before);
    expect(m!.points![0]).toMatchObject({ number: 7, reset: false });
    expect(
      cumulativeMetrics([metric('INSTRUMENT_KIND_GAUGE', [point('a', 1, 7)])])[0]!.temporality,
    ).toBe('TEMPORALITY_CUMULATIVE');
  });
});
