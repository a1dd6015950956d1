import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';

/** A classic histogram: ascending upper bounds with cumulative counts, `+Inf` excluded. */
export interface ClassicBuckets {
  readonly bounds: number[];
  readonly cumulative: number[];
}

/**
 * Turns a base-2 exponential histogram into classic `le` buckets that Prometheus stores from any
 * text format: each exponential bucket's upper boundary becomes an `le` bound (base =
 * 2^(2^-scale)), zero-bucket counts land at `le="0"`, and counts are made cumulative. No
 * observation is lost; resolution is exactly the exponential histogram's.
 */
export function exponentialToClassic(value: ExponentialHistogram): ClassicBuckets {
  const bounds: number[] = [];
  const cumulative: number[] = [];
  const factor = Math.pow(2, -value.scale);
  const boundOf = (index: number) => Math.pow(2, index * factor);
  let running = 0;
  const negative = value.negative;
  // Negative bucket i holds [-base^(i+1), -base^i): walk from the most negative upwards.
  for (let k = negative.bucketCounts.length - 1; k >= 0; k--) {
    running += negative.bucketCounts[k]!;
    bounds.push(-boundOf(negative.offset + k));
    cumulative.push(running);
  }
  running += value.zeroCount;
  bounds.push(0);
  cumulative.push(running);
  const positive = value.positive;
  // Positive bucket i holds (base^i, base^(i+1)].
  for (let k = 0; k < positive.bucketCounts.length; k++) {
    running += positive.bucketCounts[k]!;
    bounds.push(boundOf(positive.offset + k + 1));
    cumulative.push(running);
  }
  return { bounds, cumulative };
}
