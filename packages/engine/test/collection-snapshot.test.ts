import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { MeterProvider } from '../src/index.js';
import { TestReader } from './support/test-reader.js';

// A synchronous instrument's values are taken atomically and its points built afterwards in slices
// (event-loop turns between them). A recording made during the slicing must not show in that
// collection, and must not be lost: the next collection has it.

class Reader extends TestReader {
  async metrics(): Promise<MetricData[]> {
    const { resourceMetrics, errors } = await this.collect();
    expect(errors).toEqual([]);
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  }
}

/** More series than one slice builds, so each instrument's points take several turns. */
const SERIES = 1800; // under the default cardinality limit (2,000)
const attributes = (i: number): Attributes => ({ route: `/r/${i}`, code: i % 7 });

/** Sum of counters, and histogram count and sum, over every point of a metric. */
function totals(metrics: MetricData[], name: string) {
  const metric = metrics.find((m) => m.descriptor.name === name);
  let value = 0;
  let sum = 0;
  let points = 0;
  for (const point of (metric?.dataPoints ?? []) as DataPoint<number | Histogram>[]) {
    points++;
    if (typeof point.value === 'number') value += point.value;
    else {
      value += point.value.count;
      sum += point.value.sum ?? 0;
      expect(point.value.buckets.counts.reduce((a, b) => a + b, 0)).toBe(point.value.count);
    }
  }
  return { value, sum, points };
}

type Kind = 'counter' | 'histogram';

/**
 * One instrument of `kind` (one per collection, so every recording made while the collection runs
 * comes after its snapshot) collected while a recorder adds to its first and last series on each
 * turn of the event loop; returns the collection and how many turns recorded during it.
 */
async function collectWhileRecording(kind: Kind, temporality: AggregationTemporality) {
  const reader = new Reader(temporality);
  // sliceMs 0: a turn of the event loop at every check, so the recorder runs during the slicing.
  const provider = new MeterProvider({ readers: [reader], sliceMs: 0, selfMetrics: false });
  const meter = provider.getMeter('test');
  // Only the instrument of the test: another one collected first would give the recorder a turn
  // before this one's snapshot.
  const histogram =
    kind === 'histogram'
      ? meter.createHistogram('latency', { advice: { explicitBucketBoundaries: [0.1, 1, 10] } })
      : undefined;
  const counter = kind === 'counter' ? meter.createCounter('requests') : undefined;
  const add = (i: number, big: boolean) => {
    counter?.add(big ? 10 : 1, attributes(i));
    histogram?.record(big ? 5 : 0.5, attributes(i));
  };
  for (let i = 0; i < SERIES; i++) add(i, false);
  let during = 0;
  let running = true;
  const record = () => {
    if (!running) return;
    // The first and the last series: in the first and the last slice of the instrument.
    add(0, true);
    add(SERIES - 1, true);
    during++;
    setImmediate(record);
  };
  setImmediate(record);
  const first = await reader.metrics();
  running = false;
  return { reader, provider, first, during };
}

const NAMES = { counter: 'requests', histogram: 'latency' } as const;
/** What one recording before the collection (small) and one during it (big) add. */
const VALUE = { counter: { small: 1, big: 10 }, histogram: { small: 1, big: 1 } } as const;
const SUM = { counter: { small: 0, big: 0 }, histogram: { small: 0.5, big: 5 } } as const;

describe.each(['counter', 'histogram'] as const)(
  'collection snapshot of a %s: recordings during the slicing of its points',
  (kind) => {
    const name = NAMES[kind];
    const { small, big } = VALUE[kind];
    const sum = SUM[kind];

    it('(cumulative) are not in the collection and are in the next one', async () => {
      const { reader, provider, first, during } = await collectWhileRecording(
        kind,
        AggregationTemporality.CUMULATIVE,
      );
      // Several turns while the points were built: the recorder ran during the slicing.
      expect(during).toBeGreaterThanOrEqual(Math.floor(SERIES / 256));
      expect(totals(first, name)).toEqual({
        value: SERIES * small,
        sum: SERIES * sum.small,
        points: SERIES,
      });
      const next = totals(await reader.metrics(), name);
      expect(next.value).toBe(SERIES * small + 2 * big * during);
      expect(next.sum).toBeCloseTo(SERIES * sum.small + 2 * sum.big * during, 6);
      expect(next.points).toBe(SERIES);
      await provider.shutdown();
    });

    it('(delta) are not in the collection and are in the next one, counted once', async () => {
      const { reader, provider, first, during } = await collectWhileRecording(
        kind,
        AggregationTemporality.DELTA,
      );
      expect(during).toBeGreaterThanOrEqual(Math.floor(SERIES / 256));
      expect(totals(first, name)).toEqual({
        value: SERIES * small,
        sum: SERIES * sum.small,
        points: SERIES,
      });
      const next = totals(await reader.metrics(), name);
      expect(next.value).toBe(2 * big * during);
      expect(next.sum).toBeCloseTo(2 * sum.big * during, 6);
      expect(next.points).toBe(2);
      await provider.shutdown();
    });
  },
);
