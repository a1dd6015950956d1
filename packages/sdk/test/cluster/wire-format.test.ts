import { ValueType, type HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { SUMMARY_DATA_POINT_TYPE } from '@meterline/engine';
import { describe, expect, it } from 'vitest';
import { decodeMetrics, encodeMetrics } from '../../src/cluster/wire-format.js';

const descriptor = (name: string) => ({
  name,
  description: '',
  unit: '',
  valueType: ValueType.DOUBLE,
});
const point = <T>(value: T) => ({
  attributes: { a: 'x' },
  startTime: [1, 2] as HrTime,
  endTime: [3, 4] as HrTime,
  value,
});

/** Through JSON, as the cluster IPC channel carries it. */
const overIpc = (scopes: ScopeMetrics[]) =>
  decodeMetrics(JSON.parse(JSON.stringify(encodeMetrics(scopes))));

describe('wire encoding', () => {
  it('keeps summaries out (they cannot be merged across workers) and says which', () => {
    const summary = {
      descriptor: descriptor('latency'),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: SUMMARY_DATA_POINT_TYPE,
      dataPoints: [point({ count: 1, sum: 2, quantiles: [{ quantile: 0.5, value: 2 }] })],
    } as unknown as MetricData;
    const gauge: MetricData = {
      descriptor: descriptor('g'),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [point(1)] as never,
    };
    const skipped: string[] = [];
    const wire = encodeMetrics([{ scope: { name: 's' }, metrics: [summary, gauge] }], (name) =>
      skipped.push(name),
    );
    expect(wire[0]!.metrics.map((m) => m.descriptor.name)).toEqual(['g']);
    expect(skipped).toEqual(['latency']);
  });

  it('carries NaN and infinite gauge values through JSON, which would make them null', () => {
    const gauge: MetricData = {
      descriptor: descriptor('g'),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [point(Number.NaN), point(Infinity), point(-Infinity), point(1.5)] as never,
    };
    const [scope] = overIpc([{ scope: { name: 's' }, metrics: [gauge] }]);
    expect(scope!.metrics[0]!.dataPoints.map((p) => p.value)).toEqual([
      NaN,
      Infinity,
      -Infinity,
      1.5,
    ]);
    expect(scope!.metrics[0]!.dataPoints[0]!.startTime).toEqual([1, 2]);
  });

  it("drops an empty histogram's infinite min and max rather than sending null", () => {
    const histogram: MetricData = {
      descriptor: descriptor('h'),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [
        point({
          buckets: { boundaries: [1], counts: [0, 0] },
          count: 0,
          sum: 0,
          min: Infinity,
          max: -Infinity,
        }),
      ],
    };
    const [scope] = overIpc([{ scope: { name: 's' }, metrics: [histogram] }]);
    expect(scope!.metrics[0]!.dataPoints[0]!.value).toEqual({
      buckets: { boundaries: [1], counts: [0, 0] },
      count: 0,
      sum: 0,
    });
  });

  it.each([
    ['not a list', { scopes: [] }, /delta data is not a list of scopes/],
    [
      'a scope without a name',
      [{ scope: {}, metrics: [] }],
      /delta scope #0 lacks a name or a metric list/,
    ],
    [
      'a metric without a name',
      [{ scope: { name: 's' }, metrics: [{}] }],
      /a metric of scope s has no name/,
    ],
    [
      'an unknown point type',
      [
        {
          scope: { name: 's' },
          metrics: [{ descriptor: { name: 'm' }, dataPointType: 9, dataPoints: [] }],
        },
      ],
      /metric m has no known point type/,
    ],
  ])('refuses %s, naming it', (_what, data, message) => {
    expect(() => decodeMetrics(data)).toThrow(message);
  });
});

describe('compact points', () => {
  it('sends shared times once and keeps a point’s own start time', () => {
    const sum: MetricData = {
      descriptor: descriptor('s'),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: [point(1), { ...point(2), startTime: [0, 5] as HrTime }],
    };
    const wire = encodeMetrics([{ scope: { name: 's' }, metrics: [sum] }]);
    expect(wire[0]!.metrics[0]!.points).toEqual([
      [{ a: 'x' }, 1],
      [{ a: 'x' }, 2, [0, 5]],
    ]);
    const [scope] = overIpc([{ scope: { name: 's' }, metrics: [sum] }]);
    expect(scope!.metrics[0]).toEqual(sum);
  });
});
