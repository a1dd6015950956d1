import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import type { GaugePolicy } from '../../src/cluster/gauge-policy.js';
import { MergeStore } from '../../src/cluster/merge-store.js';

const scope = { name: 'svc' };
const descriptor = (name: string) => ({
  name,
  description: '',
  unit: '',
  valueType: ValueType.DOUBLE,
});

function sum(
  name: string,
  points: Array<[Attributes, number, HrTime?]>,
  monotonic = true,
): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.DELTA,
    dataPointType: DataPointType.SUM,
    isMonotonic: monotonic,
    dataPoints: points.map(([attributes, value, start]) => ({
      attributes,
      value,
      startTime: start ?? [100, 0],
      endTime: [200, 0],
    })),
  };
}

function gauge(name: string, value: number): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.DELTA,
    dataPointType: DataPointType.GAUGE,
    dataPoints: [{ attributes: {}, value, startTime: [100, 0], endTime: [200, 0] }],
  };
}

function points(store: MergeStore, name: string) {
  const metric = store
    .snapshot([300, 0])
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));
}

describe('MergeStore continuity', () => {
  it('keeps a counter total when its worker leaves, and the replacement adds on top', () => {
    const store = new MergeStore();
    store.apply('w1', scope, sum('jobs', [[{}, 5]]));
    store.apply('w2', scope, sum('jobs', [[{}, 3]]));
    store.removeSource('w1');
    expect(points(store, 'jobs')).toEqual([{ attributes: {}, value: 8 }]);
    store.apply('w3', scope, sum('jobs', [[{}, 2]]));
    expect(points(store, 'jobs')).toEqual([{ attributes: {}, value: 10 }]);
  });

  it('keeps the earliest start time any worker reported for a series', () => {
    const store = new MergeStore();
    store.apply('w1', scope, sum('jobs', [[{}, 1, [150, 0]]]));
    store.apply('w2', scope, sum('jobs', [[{}, 1, [120, 5]]]));
    store.apply('w3', scope, sum('jobs', [[{}, 1, [180, 0]]]));
    const metric = store.snapshot([300, 0])[0]!.metrics[0]!;
    expect(metric.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(metric.dataPoints[0]!.startTime).toEqual([120, 5]);
  });

  it('drops the level of an up-down counter whose worker left, keeping the others', () => {
    const store = new MergeStore();
    store.apply('w1', scope, sum('active', [[{}, 4]], false));
    store.apply('w1', scope, sum('active', [[{}, -1]], false));
    store.apply('w2', scope, sum('active', [[{}, 2]], false));
    expect(points(store, 'active')).toEqual([{ attributes: {}, value: 5 }]);
    store.removeSource('w1');
    expect(points(store, 'active')).toEqual([{ attributes: {}, value: 2 }]);
    // A late delta of the departed worker does not bring its level back.
    store.apply('w1', scope, sum('active', [[{}, 7]], false));
    expect(points(store, 'active')).toEqual([{ attributes: {}, value: 2 }]);
  });

  it('refuses DELTA-less sums rather than double-counting cumulative points', () => {
    const store = new MergeStore();
    const cumulative = {
      ...sum('jobs', [[{}, 1]]),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
    };
    expect(() => store.apply('w1', scope, cumulative as MetricData)).toThrow(
      /expected DELTA points from w1/,
    );
  });

  it('rejects a histogram with other boundaries and keeps what it held', () => {
    const store = new MergeStore();
    const histogram = (boundaries: number[], counts: number[]): MetricData => ({
      descriptor: descriptor('latency'),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [
        {
          attributes: {},
          startTime: [1, 0],
          endTime: [2, 0],
          value: { buckets: { boundaries, counts }, count: 1, sum: 1, min: 1, max: 1 },
        },
      ],
    });
    store.apply('w1', scope, histogram([1, 2], [0, 1, 0]));
    expect(() => store.apply('w2', scope, histogram([1, 5], [0, 1, 0]))).toThrow(
      /latency: workers report different bucket boundaries/,
    );
    store.apply('w2', scope, histogram([1, 2], [1, 0, 0]));
    expect(points(store, 'latency')[0]!.value).toMatchObject({
      count: 2,
      buckets: { counts: [1, 1, 0] },
    });
  });

  it('rejects an instrument reported as another type by another worker', () => {
    const store = new MergeStore();
    store.apply('w1', scope, sum('jobs', [[{}, 1]]));
    expect(() => store.apply('w2', scope, gauge('jobs', 1))).toThrow(
      /jobs: workers report it as different instrument types/,
    );
  });
});

describe('gauge policies', () => {
  const cases: Array<[GaugePolicy, unknown]> = [
    ['sum', [{ attributes: {}, value: 9 }]],
    ['min', [{ attributes: {}, value: 2 }]],
    ['max', [{ attributes: {}, value: 4 }]],
    ['last', [{ attributes: {}, value: 3 }]],
    [
      'per-worker',
      [
        { attributes: { worker: 'w1' }, value: 4 },
        { attributes: { worker: 'w2' }, value: 2 },
        { attributes: { worker: 'w3' }, value: 3 },
      ],
    ],
  ];
  for (const [policy, expected] of cases) {
    it(`${policy}: combines the workers' current values`, () => {
      const store = new MergeStore({ gaugePolicy: (name) => (name === 'queue' ? policy : 'sum') });
      store.apply('w1', scope, gauge('queue', 1));
      store.apply('w2', scope, gauge('queue', 2));
      store.apply('w1', scope, gauge('queue', 4)); // a gauge's new value replaces the old one
      store.apply('w3', scope, gauge('queue', 3));
      expect(points(store, 'queue')).toEqual(expected);
    });
  }

  it('forgets the gauge of a worker that left', () => {
    const store = new MergeStore();
    store.apply('w1', scope, gauge('queue', 1));
    store.apply('w2', scope, gauge('queue', 2));
    store.removeSource('w2');
    expect(points(store, 'queue')).toEqual([{ attributes: {}, value: 1 }]);
  });
});

describe('cardinality', () => {
  it('folds series past the limit into the overflow series without losing any count', () => {
    const store = new MergeStore({ cardinalityLimit: 3 });
    store.apply(
      'w1',
      scope,
      sum('jobs', [
        [{ k: 'a' }, 1],
        [{ k: 'b' }, 1],
        [{ k: 'c' }, 1],
      ]),
    );
    store.apply(
      'w2',
      scope,
      sum('jobs', [
        [{ k: 'd' }, 5],
        [{ k: 'a' }, 1],
      ]),
    );
    expect(points(store, 'jobs')).toEqual([
      { attributes: { k: 'a' }, value: 2 },
      { attributes: { k: 'b' }, value: 1 },
      { attributes: { 'otel.metric.overflow': true }, value: 6 },
    ]);
    expect(store.seriesCount).toBe(3);
  });
});

describe('ownership', () => {
  it('keeps its own copy of a first histogram point, whatever the producer does with it later', () => {
    const store = new MergeStore();
    const value = {
      buckets: { boundaries: [1], counts: [1, 0] },
      count: 1,
      sum: 0.5,
      min: 0.5,
      max: 0.5,
    };
    const metric: MetricData = {
      descriptor: descriptor('latency'),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [{ attributes: {}, startTime: [1, 0], endTime: [2, 0], value }],
    };
    store.apply('w1', scope, metric);
    value.buckets.counts[0] = 99;
    value.count = 99;
    expect(points(store, 'latency')[0]!.value).toMatchObject({
      count: 1,
      buckets: { counts: [1, 0] },
    });
  });
});
