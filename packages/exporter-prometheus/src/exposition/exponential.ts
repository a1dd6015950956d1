import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';

/** A classic histogram: ascending upper bounds with cumulative counts, `+Inf` excluded. */
export interface ClassicBuckets {
  readonly bounds: number[];
  readonly cumulative: number[];
}

/**
 * Schema of the `le` bounds exponential histograms get in the text formats, when not configured:
 * 2^3 = 8 bounds per power of two, each 2^(1/8) ≈ 1.09 times the previous.
 */
export const DEFAULT_CLASSIC_SCHEMA = 3;

/**
 * Turns a base-2 exponential histogram into classic `le` buckets whose bounds are fixed: the
 * powers of 2^(2^-schema) (`schema` -4..8, like a native histogram's), whatever scale the
 * aggregation is at. A bound, once served, is served on every later scrape: the OTel aggregator
 * only widens its range and lowers its scale, and both give a superset of the bounds (the old code
 * used the aggregation's own boundaries, so one extra value that made it rescale replaced nearly
 * every `le` series, and `rate()` and `histogram_quantile()` over the change were wrong).
 *
 * - At an aggregation scale >= `schema`, buckets merge exactly into the fixed ones.
 * - At a lower scale (a wide range of values), one aggregation bucket spans several fixed ones:
 *   its observations are counted at the first fixed bound inside it (the lowest; for negative
 *   values the most negative), so the bounds inside it count up to its upper end. Every bound
 *   stays and is exact where the two scales share it; in between the count may be high by that
 *   one bucket's observations, never low, so no `le` series ever decreases: the exact count it
 *   had before the rescale is at most the upper end's count it has after (the OTel aggregator
 *   never goes back to a finer scale), and `rate()` sees no counter reset.
 *
 * Zero-bucket counts land at `le="0"`, negative buckets below it. No observation is lost.
 */
export function exponentialToClassic(
  value: ExponentialHistogram,
  schema = DEFAULT_CLASSIC_SCHEMA,
): ClassicBuckets {
  const bounds: number[] = [];
  const cumulative: number[] = [];
  const boundOf = (index: number) => Math.pow(2, index * Math.pow(2, -schema));
  let running = 0;
  // Negative fixed bucket j holds [-b^(j+1), -b^j): walk from the most negative upwards.
  const negative = fixedCounts(value.negative, value.scale, schema, 'high');
  for (let k = negative.counts.length - 1; k >= 0; k--) {
    running += negative.counts[k]!;
    bounds.push(-boundOf(negative.first + k));
    cumulative.push(running);
  }
  running += value.zeroCount;
  bounds.push(0);
  cumulative.push(running);
  // Positive fixed bucket j holds (b^j, b^(j+1)].
  const positive = fixedCounts(value.positive, value.scale, schema, 'low');
  for (let k = 0; k < positive.counts.length; k++) {
    running += positive.counts[k]!;
    bounds.push(boundOf(positive.first + k + 1));
    cumulative.push(running);
  }
  return { bounds, cumulative };
}

/**
 * The counts of one sign (by magnitude) re-bucketed at `schema`, from index `first` on. A coarser
 * aggregation bucket puts its count into the fixed bucket at its `low` end (positive values: the
 * smallest) or `high` end (negative values: the largest magnitude, the most negative).
 */
function fixedCounts(
  buckets: ExponentialHistogram['positive'],
  scale: number,
  schema: number,
  end: 'low' | 'high',
): { first: number; counts: number[] } {
  const source = buckets.bucketCounts;
  let lo = 0;
  let hi = source.length - 1;
  while (lo <= hi && source[lo] === 0) lo++;
  while (hi >= lo && source[hi] === 0) hi--;
  if (lo > hi) return { first: 0, counts: [] };
  if (scale >= schema) {
    const divisor = Math.pow(2, scale - schema);
    const first = Math.floor((buckets.offset + lo) / divisor);
    const counts = new Array<number>(Math.floor((buckets.offset + hi) / divisor) - first + 1);
    counts.fill(0);
    for (let k = lo; k <= hi; k++) {
      counts[Math.floor((buckets.offset + k) / divisor) - first]! += source[k]!;
    }
    return { first, counts };
  }
  const width = Math.pow(2, schema - scale);
  const first = (buckets.offset + lo) * width;
  const counts = new Array<number>((hi - lo + 1) * width).fill(0);
  for (let k = lo; k <= hi; k++) {
    counts[(k - lo) * width + (end === 'high' ? width - 1 : 0)]! += source[k]!;
  }
  return { first, counts };
}
