import type { Attributes, Context } from '@opentelemetry/api';
import type { Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import { DataPointType } from '../sdk-enums.js';
import { allowsNegative } from '../descriptor.js';
import {
  SyncStorage,
  type Accumulator,
  type HeldAttributes,
  type SeriesFields,
  type SyncStorageOptions,
} from './sync-storage.js';
import { ExemplarReservoir } from '../exemplars.js';

/** Explicit-bucket histogram state: one count per bucket (the last one above every boundary). */
export class HistogramAccumulation {
  readonly counts: number[];
  sum = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;
  recordings = 0;

  constructor(buckets: number) {
    this.counts = new Array<number>(buckets).fill(0);
  }
}

/**
 * The index of the bucket `value` falls in: the first boundary it does not exceed (buckets are
 * upper-inclusive, as the spec has them), or the overflow bucket. Binary search: boundaries are
 * sorted, and a scan costs a comparison per boundary below the value.
 */
export function bucketIndex(boundaries: readonly number[], value: number): number {
  let low = 0;
  let high = boundaries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (boundaries[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A series of a histogram: its accumulation and its fields in one object, made by an object literal
 * (see `SeriesFields` on why a literal and not a class).
 */
type HistogramSeries = HistogramAccumulation & SeriesFields<HistogramAccumulation>;

function histogramSeries(buckets: number, held: HeldAttributes, start: number): HistogramSeries {
  return {
    counts: new Array<number>(buckets).fill(0),
    sum: 0,
    count: 0,
    min: Infinity,
    max: -Infinity,
    recordings: 0,
    seen: 0,
    seq: 0,
    slots: undefined,
    exemplars: undefined,
    held,
    start,
  };
}

function histogramAccumulator(
  boundaries: readonly number[],
  recordMinMax: boolean,
  withSum: boolean,
): Accumulator<HistogramAccumulation, Histogram> {
  return {
    create: () => new HistogramAccumulation(boundaries.length + 1),
    series: (held, start) => histogramSeries(boundaries.length + 1, held, start),
    recordings: (acc) => acc.recordings,
    merge(into, from) {
      for (let i = 0; i < from.counts.length; i++) into.counts[i]! += from.counts[i]!;
      into.sum += from.sum;
      into.count += from.count;
      if (from.min < into.min) into.min = from.min;
      if (from.max > into.max) into.max = from.max;
      into.recordings += from.recordings;
    },
    reset(acc) {
      acc.counts.fill(0);
      acc.sum = 0;
      acc.count = 0;
      acc.min = Infinity;
      acc.max = -Infinity;
      acc.recordings = 0;
    },
    // Keys in the SDK's order, so the two serialize alike.
    point: (acc) => ({
      min: recordMinMax && acc.count > 0 ? acc.min : undefined,
      max: recordMinMax && acc.count > 0 ? acc.max : undefined,
      sum: withSum ? acc.sum : undefined,
      buckets: { boundaries: boundaries as number[], counts: acc.counts.slice() },
      count: acc.count,
    }),
    // sum, count, min, max, then the bucket counts.
    flat: {
      width: boundaries.length + 5,
      copy(acc, into, at) {
        into[at] = acc.sum;
        into[at + 1] = acc.count;
        into[at + 2] = acc.min;
        into[at + 3] = acc.max;
        const counts = acc.counts;
        for (let i = 0; i < counts.length; i++) into[at + 4 + i] = counts[i]!;
      },
      pointAt(from, at) {
        const count = from[at + 1]!;
        const counts = new Array<number>(boundaries.length + 1);
        for (let i = 0; i < counts.length; i++) counts[i] = from[at + 4 + i]!;
        return {
          min: recordMinMax && count > 0 ? from[at + 2] : undefined,
          max: recordMinMax && count > 0 ? from[at + 3] : undefined,
          sum: withSum ? from[at]! : undefined,
          buckets: { boundaries: boundaries as number[], counts },
          count,
        };
      },
    },
    metricData: (descriptor, aggregationTemporality, dataPoints): MetricData => ({
      descriptor,
      aggregationTemporality,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints,
    }),
  };
}

/** Explicit-bucket histogram aggregation, min and max included unless turned off. */
export class HistogramStorage extends SyncStorage<HistogramAccumulation, Histogram> {
  private readonly boundaries: readonly number[];

  constructor(boundaries: readonly number[], recordMinMax: boolean, options: SyncStorageOptions) {
    super(
      histogramAccumulator(boundaries, recordMinMax, !allowsNegative(options.descriptor.type)),
      options,
    );
    this.boundaries = boundaries;
  }

  record(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    const acc = this.find(attributes, context);
    const bucket = bucketIndex(this.boundaries, value);
    acc.counts[bucket]!++;
    acc.sum += value;
    acc.count++;
    if (value < acc.min) acc.min = value;
    if (value > acc.max) acc.max = value;
    acc.recordings++;
    if (this.sampling) this.sample(acc, value, context, bucket);
  }

  protected reservoir(): ExemplarReservoir {
    return new ExemplarReservoir(this.boundaries.length + 1, true);
  }

  protected markCollected(acc: HistogramAccumulation): void {
    acc.recordings = 0;
  }
}

/**
 * Sorted, finite, distinct boundaries from a view's or advice's list (infinities dropped, as the
 * SDK does). Throws on NaN, naming the list's origin.
 */
export function normalizeBoundaries(boundaries: readonly number[], origin: string): number[] {
  if (boundaries.some((b) => typeof b !== 'number' || Number.isNaN(b))) {
    throw new Error(`${origin}: histogram boundaries must be numbers, got ${String(boundaries)}`);
  }
  return [...new Set(boundaries.filter((b) => Number.isFinite(b)))].sort((a, b) => a - b);
}
