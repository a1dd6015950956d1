import {
  AggregationTemporality,
  AggregationType,
  InstrumentType,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import {
  isSummaryMetricData,
  MeterProvider,
  SUMMARY_AGGREGATION,
  SUMMARY_DATA_POINT_TYPE,
  type EngineViewOptions,
  type SummaryMetricData,
} from '../src/index.js';
import { TestReader } from './support/test-reader.js';

class Reader extends TestReader {
  async metrics(): Promise<MetricData[]> {
    const { resourceMetrics } = await this.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  }
}

const summaryView: EngineViewOptions = {
  instrumentName: 'latency',
  aggregation: {
    type: SUMMARY_AGGREGATION,
    options: { objectives: { 0.5: 0.05, 0.9: 0.01, 0.99: 0.001 }, maxAgeSeconds: 600 },
  },
};

function setup(views: EngineViewOptions[], readers = [new Reader()]) {
  const warnings: string[] = [];
  const provider = new MeterProvider({
    views,
    readers,
    logger: { warn: (m) => warnings.push(m) },
  });
  return { meter: provider.getMeter('test'), readers, warnings };
}

function summaryOf(metrics: MetricData[], name = 'latency'): SummaryMetricData {
  const metric = metrics.find((m) => m.descriptor.name === name)!;
  expect(isSummaryMetricData(metric)).toBe(true);
  return metric as unknown as SummaryMetricData;
}

describe('the summary aggregation', () => {
  it('serves count, sum and the objectives quantiles of a histogram, per attribute set', async () => {
    const { meter, readers } = setup([summaryView]);
    const histogram = meter.createHistogram('latency', { unit: 's' });
    for (let i = 1; i <= 100; i++) histogram.record(i, { route: '/a' });
    histogram.record(1000, { route: '/b' });
    const metric = summaryOf(await readers[0]!.metrics());
    expect(metric.dataPointType).toBe(SUMMARY_DATA_POINT_TYPE);
    expect(metric.descriptor.unit).toBe('s');
    expect(metric.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [
        { route: '/a' },
        {
          count: 100,
          sum: 5050,
          quantiles: [
            { quantile: 0.5, value: 50 },
            { quantile: 0.9, value: 90 },
            { quantile: 0.99, value: 99 },
          ],
        },
      ],
      [
        { route: '/b' },
        {
          count: 1,
          sum: 1000,
          quantiles: [
            { quantile: 0.5, value: 1000 },
            { quantile: 0.9, value: 1000 },
            { quantile: 0.99, value: 1000 },
          ],
        },
      ],
    ]);
  });

  it('gives delta readers the interval count and sum, and the window quantiles', async () => {
    const cumulative = new Reader();
    const delta = new Reader(AggregationTemporality.DELTA);
    const { meter } = setup([summaryView], [cumulative, delta]);
    const histogram = meter.createHistogram('latency');
    for (let i = 1; i <= 10; i++) histogram.record(i);
    expect(summaryOf(await delta.metrics()).dataPoints[0]!.value.count).toBe(10);
    for (let i = 11; i <= 20; i++) histogram.record(i);
    const d = summaryOf(await delta.metrics()).dataPoints[0]!.value;
    const c = summaryOf(await cumulative.metrics()).dataPoints[0]!.value;
    expect([d.count, d.sum]).toEqual([10, 155]);
    expect([c.count, c.sum]).toEqual([20, 210]);
    expect(d.quantiles).toEqual(c.quantiles);
    expect(c.quantiles[0]).toEqual({ quantile: 0.5, value: 10 });
    // Nothing new: a delta reader gets no point; the cumulative one keeps its total.
    expect((await delta.metrics()).find((m) => m.descriptor.name === 'latency')).toBeUndefined();
    expect(summaryOf(await cumulative.metrics()).dataPoints[0]!.value.count).toBe(20);
  });

  it('takes the default objectives (0.5, 0.9, 0.99) when none are given', async () => {
    const { meter, readers } = setup([
      { instrumentName: 'latency', aggregation: { type: SUMMARY_AGGREGATION } },
    ]);
    meter.createHistogram('latency').record(3);
    const [point] = summaryOf(await readers[0]!.metrics()).dataPoints;
    expect(point!.value.quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9, 0.99]);
  });

  it('falls back to the default aggregation, with a warning, on an instrument that is not a histogram', async () => {
    const { meter, readers, warnings } = setup([
      { instrumentName: 'requests', aggregation: { type: SUMMARY_AGGREGATION } },
    ]);
    meter.createCounter('requests').add(2);
    const [metric] = await readers[0]!.metrics();
    expect(metric!.dataPoints[0]!.value).toBe(2);
    expect(warnings).toEqual([
      'instrument "requests": a summary aggregates histogram instruments only; using its default aggregation',
    ]);
  });

  it('does not disturb a second view of the same histogram', async () => {
    const { meter, readers } = setup([
      summaryView,
      {
        instrumentName: 'latency',
        name: 'latency.buckets',
        aggregation: {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { boundaries: [10] },
        },
      },
    ]);
    const histogram = meter.createHistogram('latency');
    histogram.record(5);
    histogram.record(15);
    const metrics = await readers[0]!.metrics();
    expect(summaryOf(metrics).dataPoints[0]!.value.count).toBe(2);
    const buckets = metrics.find((m) => m.descriptor.name === 'latency.buckets')!;
    expect(
      (buckets.dataPoints[0]!.value as { buckets: { counts: number[] } }).buckets.counts,
    ).toEqual([1, 1]);
  });

  describe('rejects bad options when the provider is built, naming the view and the field', () => {
    const cases: [string, object, string][] = [
      [
        'a quantile outside (0, 1)',
        { objectives: { 1: 0.01 } },
        'view 1 (instrumentName "latency"): summary objective "1": a quantile must be a number between 0 and 1 (exclusive)',
      ],
      [
        'a quantile that is not a number',
        { objectives: { median: 0.01 } },
        'view 1 (instrumentName "latency"): summary objective "median": a quantile must be a number between 0 and 1 (exclusive)',
      ],
      [
        'an error of 0 (the sketch would keep every value)',
        { objectives: { 0.5: 0 } },
        'view 1 (instrumentName "latency"): summary objective 0.5: the allowed error must be a number between 0 and 1 (exclusive), got 0',
      ],
      [
        'no objectives',
        { objectives: {} },
        'view 1 (instrumentName "latency"): summary objectives must name at least one quantile',
      ],
      [
        'a negative maxAgeSeconds',
        { maxAgeSeconds: -1 },
        'view 1 (instrumentName "latency"): summary maxAgeSeconds must be a number of seconds in (0, 604800], got -1',
      ],
      [
        'a fractional ageBuckets',
        { ageBuckets: 2.5 },
        'view 1 (instrumentName "latency"): summary ageBuckets must be an integer from 1 to 1000, got 2.5',
      ],
    ];
    for (const [what, options, message] of cases) {
      it(what, () => {
        expect(() =>
          setup([
            {
              instrumentName: 'latency',
              instrumentType: InstrumentType.HISTOGRAM,
              aggregation: { type: SUMMARY_AGGREGATION, options },
            },
          ]),
        ).toThrow(message);
      });
    }
  });
});
