import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';

/** Highest schema Prometheus accepts: 2^8 buckets per power of two. */
export const MAX_NATIVE_SCHEMA = 8;
/** Lowest schema Prometheus accepts: one bucket per 2^16. */
export const MIN_NATIVE_SCHEMA = -4;

/** One run of consecutive buckets, as Prometheus's `BucketSpan`. */
export interface NativeSpan {
  /** Gap to the end of the previous span, or the first bucket's index for the first span. */
  readonly offset: number;
  readonly length: number;
}

/** The buckets of one sign: spans, and each bucket's count as a delta to the previous bucket. */
export interface NativeBuckets {
  readonly spans: NativeSpan[];
  readonly deltas: number[];
}

/** A native histogram's bucket layout, as the Prometheus protobuf exposition carries it. */
export interface NativeHistogram {
  readonly schema: number;
  /** Observations of exactly zero (OTel's zero bucket has a threshold of 0). */
  readonly zeroCount: number;
  readonly positive: NativeBuckets;
  readonly negative: NativeBuckets;
}

/**
 * Converts an OTel base-2 exponential histogram into Prometheus native-histogram buckets.
 *
 * - OTel scale and Prometheus schema are the same number (bucket boundaries are powers of
 *   2^(2^-scale)); scales above {@link MAX_NATIVE_SCHEMA} are downscaled to 8 by merging
 *   2^(scale-8) neighbouring buckets, exactly as the OTel aggregator itself downscales.
 * - Indexes differ by one: OTel bucket `i` holds (base^i, base^(i+1)], Prometheus bucket `i` holds
 *   (base^(i-1), base^i].
 * - `log2Factor` (the base-2 logarithm of a unit conversion, e.g. log2(1/1000) for `ms` to
 *   seconds) moves every bucket by round(log2Factor · 2^schema) indexes: exact for powers of two
 *   (`KiBy` to bytes), otherwise every boundary is off by at most half a bucket (at schema 8, at
 *   most 0.14 % of the value).
 * - Runs of more than two empty buckets start a new span, as client_golang does.
 *
 * Returns undefined for scales below {@link MIN_NATIVE_SCHEMA}: Prometheus has no such schema
 * (serve those as classic buckets).
 */
export function toNativeHistogram(
  value: ExponentialHistogram,
  log2Factor = 0,
): NativeHistogram | undefined {
  if (value.scale < MIN_NATIVE_SCHEMA) return undefined;
  const schema = Math.min(value.scale, MAX_NATIVE_SCHEMA);
  const downscale = value.scale - schema;
  const shift = log2Factor === 0 ? 0 : Math.round(log2Factor * Math.pow(2, schema));
  return {
    schema,
    zeroCount: value.zeroCount,
    positive: nativeBuckets(value.positive, downscale, shift),
    negative: nativeBuckets(value.negative, downscale, shift),
  };
}

/** Spans and deltas of one sign, downscaled by `downscale` and moved by `shift` indexes. */
function nativeBuckets(
  buckets: ExponentialHistogram['positive'],
  downscale: number,
  shift: number,
): NativeBuckets {
  const spans: { offset: number; length: number }[] = [];
  const deltas: number[] = [];
  const counts = buckets.bucketCounts;
  const divisor = Math.pow(2, downscale);
  let lastIndex = 0; // index of the last bucket written
  let previousCount = 0;
  const emit = (index: number, count: number) => {
    const span = spans[spans.length - 1];
    const gap = index - lastIndex - 1;
    if (!span || gap > 2) {
      spans.push({ offset: span ? gap : index, length: 1 });
    } else {
      // A short run of empty buckets stays inside the span: cheaper than a new span.
      for (let g = 0; g < gap; g++) {
        deltas.push(-previousCount);
        previousCount = 0;
      }
      span.length += gap + 1;
    }
    deltas.push(count - previousCount);
    previousCount = count;
    lastIndex = index;
  };
  let pendingIndex = 0;
  let pendingCount = 0;
  for (let k = 0; k < counts.length; k++) {
    const count = counts[k]!;
    if (count === 0) continue;
    // OTel index to Prometheus index (+1), after merging 2^downscale neighbours (floor division).
    const index = Math.floor((buckets.offset + k) / divisor) + 1 + shift;
    if (pendingCount > 0 && index === pendingIndex) {
      pendingCount += count;
      continue;
    }
    if (pendingCount > 0) emit(pendingIndex, pendingCount);
    pendingIndex = index;
    pendingCount = count;
  }
  if (pendingCount > 0) emit(pendingIndex, pendingCount);
  return { spans, deltas };
}
