import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';

/** Buckets of one sign: counts of indexes `offset`, `offset + 1`, … at the histogram's scale. */
interface Buckets {
  readonly offset: number;
  readonly bucketCounts: number[];
}

/** The SDK's default `maxSize` of an exponential histogram (buckets per sign). */
export const DEFAULT_MAX_SIZE = 160;

/**
 * Adds two exponential histograms, which may have been recorded at different scales (each worker's
 * SDK picks the finest scale its own values fit in). Both are brought to the finer-or-equal common
 * scale `min(a.scale, b.scale)`, then downscaled further until each sign fits in `maxSize` buckets:
 * the scale a single SDK recording every value of both would end at, since each input's scale is
 * already the largest its values fit in. Counts, sums and zero counts add; min and max are kept.
 */
export function mergeExponential(
  a: ExponentialHistogram,
  b: ExponentialHistogram,
  maxSize = DEFAULT_MAX_SIZE,
): ExponentialHistogram {
  let scale = Math.min(a.scale, b.scale);
  const span = (sign: 'positive' | 'negative', s: number) =>
    combinedSpan(rescaled(a[sign], a.scale - s), rescaled(b[sign], b.scale - s));
  while (scale > -10 && (span('positive', scale) > maxSize || span('negative', scale) > maxSize)) {
    scale--;
  }
  return {
    count: a.count + b.count,
    sum: a.sum === undefined || b.sum === undefined ? undefined : a.sum + b.sum,
    min: pick(a.min, b.min, Math.min),
    max: pick(a.max, b.max, Math.max),
    scale,
    zeroCount: a.zeroCount + b.zeroCount,
    positive: addBuckets(
      downscale(a.positive, a.scale - scale),
      downscale(b.positive, b.scale - scale),
    ),
    negative: addBuckets(
      downscale(a.negative, a.scale - scale),
      downscale(b.negative, b.scale - scale),
    ),
  };
}

function pick(
  a: number | undefined,
  b: number | undefined,
  f: (x: number, y: number) => number,
): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return f(a, b);
}

/** The index range [low, high] of the non-empty buckets after lowering the scale by `by`. */
function rescaled(buckets: Buckets, by: number): [number, number] | undefined {
  const counts = buckets.bucketCounts;
  let first = -1;
  let last = -1;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return undefined;
  return [(buckets.offset + first) >> by, (buckets.offset + last) >> by];
}

function combinedSpan(a?: [number, number], b?: [number, number]): number {
  if (!a && !b) return 0;
  const low = Math.min(a?.[0] ?? Infinity, b?.[0] ?? Infinity);
  const high = Math.max(a?.[1] ?? -Infinity, b?.[1] ?? -Infinity);
  return high - low + 1;
}

/**
 * Lowers the scale by `by`: bucket index i becomes i >> by (an arithmetic shift floors, which is
 * what the exponential mapping does for negative indexes too), merging neighbours.
 */
export function downscale(buckets: Buckets, by: number): Buckets {
  if (by === 0) return trimmed(buckets);
  const out = new Map<number, number>();
  buckets.bucketCounts.forEach((count, i) => {
    if (count === 0) return;
    const index = (buckets.offset + i) >> by;
    out.set(index, (out.get(index) ?? 0) + count);
  });
  return fromMap(out);
}

function addBuckets(a: Buckets, b: Buckets): Buckets {
  const out = new Map<number, number>();
  for (const side of [a, b]) {
    side.bucketCounts.forEach((count, i) => {
      if (count !== 0) out.set(side.offset + i, (out.get(side.offset + i) ?? 0) + count);
    });
  }
  return fromMap(out);
}

function trimmed(buckets: Buckets): Buckets {
  const out = new Map<number, number>();
  buckets.bucketCounts.forEach((count, i) => {
    if (count !== 0) out.set(buckets.offset + i, count);
  });
  return fromMap(out);
}

function fromMap(indexes: Map<number, number>): Buckets {
  if (indexes.size === 0) return { offset: 0, bucketCounts: [] };
  const keys = [...indexes.keys()];
  const low = Math.min(...keys);
  const high = Math.max(...keys);
  const bucketCounts = new Array<number>(high - low + 1).fill(0);
  for (const [index, count] of indexes) bucketCounts[index - low] = count;
  return { offset: low, bucketCounts };
}
