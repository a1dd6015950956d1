import type { Attributes, Context } from '@opentelemetry/api';
import type { ExponentialHistogram, MetricData } from '@opentelemetry/sdk-metrics';
import { DataPointType } from '../sdk-enums.js';
import { allowsNegative } from '../descriptor.js';
import { bucketIndexOf, MAX_SCALE } from './exponential-mapping.js';
import {
  SyncStorage,
  type Accumulator,
  type HeldAttributes,
  type SeriesFields,
  type SyncStorageOptions,
} from './sync-storage.js';
import { ExemplarReservoir } from '../exemplars.js';

/** One side (positive or negative values) of an exponential histogram: dense counts from `start`. */
export class ExponentialBuckets {
  start = 0;
  counts: number[] = [];

  get end(): number {
    return this.start + this.counts.length - 1;
  }

  /** Adds `count` at `index`, extending the dense range (the caller keeps it within maxSize). */
  add(index: number, count: number): void {
    if (this.counts.length === 0) {
      this.start = index;
      this.counts.push(count);
      return;
    }
    if (index < this.start) {
      const grow = this.start - index;
      this.counts = new Array<number>(grow).fill(0).concat(this.counts);
      this.start = index;
    } else if (index > this.end) {
      for (let i = this.end; i < index; i++) this.counts.push(0);
    }
    this.counts[index - this.start]! += count;
  }

  /** Halves the resolution `change` times: bucket i becomes bucket i >> change. */
  downscale(change: number): void {
    if (change === 0 || this.counts.length === 0) return;
    const start = this.start >> change;
    const counts = new Array<number>((this.end >> change) - start + 1).fill(0);
    for (let i = 0; i < this.counts.length; i++) {
      counts[((this.start + i) >> change) - start]! += this.counts[i]!;
    }
    this.start = start;
    this.counts = counts;
  }

  reset(): void {
    this.start = 0;
    this.counts = [];
  }
}

/** Base-2 exponential histogram state (the spec's aggregation; max size per side, scale ≤ 20). */
export class ExponentialAccumulation {
  scale = MAX_SCALE;
  sum = 0;
  count = 0;
  zeroCount = 0;
  min = Infinity;
  max = -Infinity;
  recordings = 0;
  readonly positive = new ExponentialBuckets();
  readonly negative = new ExponentialBuckets();

  constructor(readonly maxSize: number) {}

  record(value: number): void {
    if (value > this.max) this.max = value;
    if (value < this.min) this.min = value;
    this.count++;
    this.recordings++;
    if (value === 0) {
      this.zeroCount++;
      return;
    }
    this.sum += value;
    if (value > 0) this.place(this.positive, value);
    else this.place(this.negative, -value);
  }

  private place(buckets: ExponentialBuckets, magnitude: number): void {
    let index = bucketIndexOf(magnitude, this.scale);
    if (buckets.counts.length > 0) {
      const low = Math.min(index, buckets.start);
      const high = Math.max(index, buckets.end);
      const change = scaleChange(low, high, this.maxSize);
      if (change > 0) {
        this.downscale(change);
        index = bucketIndexOf(magnitude, this.scale);
      }
    }
    buckets.add(index, 1);
  }

  downscale(change: number): void {
    if (change <= 0) return;
    this.scale -= change;
    this.positive.downscale(change);
    this.negative.downscale(change);
  }

  /** The scale served: 0 when only zeros were recorded (as the SDK reports it). */
  get servedScale(): number {
    return this.count === this.zeroCount ? 0 : this.scale;
  }
}

/** A series of an exponential histogram: its accumulation and its fields in one object. */
class ExponentialSeries
  extends ExponentialAccumulation
  implements SeriesFields<ExponentialAccumulation>
{
  seen = 0;
  seq = 0;
  slots: (ExponentialAccumulation | undefined)[] | undefined = undefined;
  exemplars: ExemplarReservoir | undefined = undefined;
  constructor(
    maxSize: number,
    readonly held: HeldAttributes,
    readonly start: number,
  ) {
    super(maxSize);
  }
}

/** How many halvings make [low, high] fit in `maxSize` buckets. */
function scaleChange(low: number, high: number, maxSize: number): number {
  let change = 0;
  while (high - low >= maxSize) {
    high >>= 1;
    low >>= 1;
    change++;
  }
  return change;
}

/** The scale an accumulation's buckets are at, or MAX_SCALE when it has none (zeros only). */
function bucketScale(acc: ExponentialAccumulation): number {
  return acc.positive.counts.length === 0 && acc.negative.counts.length === 0
    ? MAX_SCALE
    : acc.scale;
}

/**
 * The largest scale (at most both's) at which both histograms' buckets fit together in maxSize.
 * An accumulation holding only zeros does not lower it (the SDK's merge takes such an
 * accumulation's reported scale, 0, and so loses the other's resolution).
 */
function commonScale(a: ExponentialAccumulation, b: ExponentialAccumulation): number {
  const start = Math.min(bucketScale(a), bucketScale(b));
  let scale = start;
  for (const side of ['positive', 'negative'] as const) {
    let low = Infinity;
    let high = -Infinity;
    for (const acc of [a, b]) {
      const buckets = acc[side];
      if (buckets.counts.length === 0) continue;
      const shift = acc.scale - start;
      low = Math.min(low, buckets.start >> shift);
      high = Math.max(high, buckets.end >> shift);
    }
    if (low <= high) scale = Math.min(scale, start - scaleChange(low, high, a.maxSize));
  }
  return scale;
}

function exponentialAccumulator(
  maxSize: number,
  recordMinMax: boolean,
  withSum: boolean,
): Accumulator<ExponentialAccumulation, ExponentialHistogram> {
  return {
    create: () => new ExponentialAccumulation(maxSize),
    series: (held, start) => new ExponentialSeries(maxSize, held, start),
    recordings: (acc) => acc.recordings,
    merge(into, from) {
      if (from.count === 0) {
        into.recordings += from.recordings;
        return;
      }
      const scale = commonScale(into, from);
      if (into.positive.counts.length === 0 && into.negative.counts.length === 0) {
        into.scale = scale;
      } else {
        into.downscale(into.scale - scale);
      }
      for (const side of ['positive', 'negative'] as const) {
        const theirs = from[side];
        const shift = from.scale - scale;
        for (let i = 0; i < theirs.counts.length; i++) {
          const count = theirs.counts[i]!;
          if (count !== 0) into[side].add((theirs.start + i) >> shift, count);
        }
      }
      into.sum += from.sum;
      into.count += from.count;
      into.zeroCount += from.zeroCount;
      if (from.min < into.min) into.min = from.min;
      if (from.max > into.max) into.max = from.max;
      into.recordings += from.recordings;
    },
    reset(acc) {
      acc.scale = MAX_SCALE;
      acc.sum = 0;
      acc.count = 0;
      acc.zeroCount = 0;
      acc.min = Infinity;
      acc.max = -Infinity;
      acc.recordings = 0;
      acc.positive.reset();
      acc.negative.reset();
    },
    // Keys in the SDK's order, so the two serialize alike.
    point: (acc) => ({
      min: recordMinMax ? acc.min : undefined,
      max: recordMinMax ? acc.max : undefined,
      sum: withSum ? acc.sum : undefined,
      positive: { offset: acc.positive.start, bucketCounts: acc.positive.counts.slice() },
      negative: { offset: acc.negative.start, bucketCounts: acc.negative.counts.slice() },
      count: acc.count,
      scale: acc.servedScale,
      zeroCount: acc.zeroCount,
    }),
    metricData: (descriptor, aggregationTemporality, dataPoints): MetricData => ({
      descriptor,
      aggregationTemporality,
      dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
      dataPoints,
    }),
  };
}

/** Base-2 exponential histogram aggregation (`maxSize` buckets per sign, from scale 20 down). */
export class ExponentialHistogramStorage extends SyncStorage<
  ExponentialAccumulation,
  ExponentialHistogram
> {
  private readonly maxSize: number;

  constructor(maxSize: number, recordMinMax: boolean, options: SyncStorageOptions) {
    super(
      exponentialAccumulator(
        Math.max(2, maxSize),
        recordMinMax,
        !allowsNegative(options.descriptor.type),
      ),
      options,
    );
    this.maxSize = Math.max(2, maxSize);
  }

  record(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    const series = this.find(attributes, context);
    series.record(value);
    if (this.sampling) this.sample(series, value, context, 0);
  }

  protected reservoir(): ExemplarReservoir {
    return new ExemplarReservoir(Math.min(20, this.maxSize), false);
  }

  protected markCollected(acc: ExponentialAccumulation): void {
    acc.recordings = 0;
  }
}
