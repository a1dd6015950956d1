import type { HrTime } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type CollectionResult,
  type MetricData,
  type MetricProducer,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { CumulativeToDeltaProducer } from '../src/cumulative-to-delta.js';

const t = (seconds: number): HrTime => [seconds, 0];
const descriptor = (name: string) => ({ name, description: '', unit: '', valueType: 1 });

function counter(value: number, end: number, attributes = { a: '1' }, start = 0): SumMetricData {
  return {
    descriptor: descriptor('jobs'),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: [{ attributes, startTime: t(start), endTime: t(end), value }],
  };
}

function histogram(counts: number[], sum: number, end: number): MetricData {
  return {
    descriptor: descriptor('latency'),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [
      {
        attributes: {},
        startTime: t(0),
        endTime: t(end),
        value: {
          buckets: { boundaries: [1, 10], counts },
          count: counts.reduce((a, b) => a + b, 0),
          sum,
          min: 0.5,
          max: 20,
        },
      },
    ],
  };
}

function upDown(value: number, end: number): MetricData {
  return { ...counter(value, end), descriptor: descriptor('open'), isMonotonic: false };
}

/** A source that returns the scripted collections in order. */
function scripted(collections: MetricData[][]): MetricProducer {
  return {
    async collect(): Promise<CollectionResult> {
      const metrics = collections.shift() ?? [];
      return {
        resourceMetrics: {
          resource: emptyResource(),
          scopeMetrics: [{ scope: { name: 'svc' }, metrics }],
        },
        errors: [],
      };
    },
  };
}

const delta = () => AggregationTemporality.DELTA;

async function metricsOf(producer: MetricProducer): Promise<MetricData[]> {
  return (await producer.collect()).resourceMetrics.scopeMetrics[0]!.metrics;
}

describe('CumulativeToDeltaProducer', () => {
  it('turns cumulative counter totals into deltas, each starting where the last ended', async () => {
    const producer = new CumulativeToDeltaProducer(
      scripted([[counter(5, 10)], [counter(12, 20)], [counter(12, 30)]]),
      delta,
    );
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await metricsOf(producer))[0]!);
    expect(seen.map((m) => m.aggregationTemporality)).toEqual([
      AggregationTemporality.DELTA,
      AggregationTemporality.DELTA,
      AggregationTemporality.DELTA,
    ]);
    expect(seen.map((m) => m.dataPoints[0]!.value)).toEqual([5, 7, 0]);
    expect(seen.map((m) => m.dataPoints[0]!.startTime)).toEqual([t(0), t(10), t(20)]);
  });

  it('keeps series apart by attributes, and passes a total that went down whole (a reset)', async () => {
    const producer = new CumulativeToDeltaProducer(
      scripted([
        [counter(5, 10, { a: '1' })],
        [counter(8, 20, { a: '2' })],
        [counter(9, 30, { a: '1' })],
        [counter(3, 40, { a: '1' }, 35)],
      ]),
      delta,
    );
    const values = [];
    for (let i = 0; i < 4; i++) values.push((await metricsOf(producer))[0]!.dataPoints[0]!);
    // Series a=1 was absent from the second collection: its state is forgotten, so 9 is whole.
    expect(values.map((p) => p.value)).toEqual([5, 8, 9, 3]);
    expect(values[3]!.startTime).toEqual(t(35));
  });

  it('subtracts histograms bucket by bucket, without min and max after the first', async () => {
    const producer = new CumulativeToDeltaProducer(
      scripted([[histogram([1, 2, 0], 6, 10)], [histogram([1, 5, 1], 40, 20)]]),
      delta,
    );
    const first = (await metricsOf(producer))[0]!.dataPoints[0]!.value;
    const second = (await metricsOf(producer))[0]!.dataPoints[0]!;
    expect(first).toMatchObject({ count: 3, sum: 6, min: 0.5, max: 20 });
    expect(second.startTime).toEqual(t(10));
    expect(second.value).toEqual({
      buckets: { boundaries: [1, 10], counts: [0, 3, 1] },
      count: 4,
      sum: 34,
    });
  });

  it('passes up-down sums through, and everything when the exporter wants cumulative', async () => {
    const mixed = new CumulativeToDeltaProducer(
      scripted([[upDown(4, 10)], [upDown(6, 20)]]),
      delta,
    );
    await metricsOf(mixed);
    const open = (await metricsOf(mixed))[0]!;
    expect(open.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(open.dataPoints[0]!.value).toBe(6);

    const asked: InstrumentType[] = [];
    const cumulative = new CumulativeToDeltaProducer(
      scripted([[counter(5, 10), histogram([1, 0, 0], 0.5, 10)], [counter(9, 20)]]),
      (type) => (asked.push(type), AggregationTemporality.CUMULATIVE),
    );
    await metricsOf(cumulative);
    expect((await metricsOf(cumulative))[0]!.dataPoints[0]!.value).toBe(9);
    expect(asked).toEqual([
      InstrumentType.COUNTER,
      InstrumentType.HISTOGRAM,
      InstrumentType.COUNTER,
    ]);
  });
});
