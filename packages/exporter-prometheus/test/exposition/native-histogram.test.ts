import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { toNativeHistogram } from '../../src/exposition/native-histogram.js';

function histogram(fields: Partial<ExponentialHistogram>): ExponentialHistogram {
  return {
    count: 0,
    sum: 0,
    scale: 0,
    zeroCount: 0,
    positive: { offset: 0, bucketCounts: [] },
    negative: { offset: 0, bucketCounts: [] },
    ...fields,
  };
}

describe('toNativeHistogram', () => {
  it('keeps the scale as schema and moves OTel indexes up by one', () => {
    // OTel bucket 1 at scale 0 is (2,4]; Prometheus calls it bucket 2.
    const native = toNativeHistogram(
      histogram({ scale: 0, zeroCount: 2, positive: { offset: 1, bucketCounts: [3, 4] } }),
    );
    expect(native).toEqual({
      schema: 0,
      zeroCount: 2,
      positive: { spans: [{ offset: 2, length: 2 }], deltas: [3, 1] },
      negative: { spans: [], deltas: [] },
    });
  });

  it('starts a span after more than two empty buckets and fills shorter gaps', () => {
    const native = toNativeHistogram(
      histogram({ positive: { offset: 0, bucketCounts: [1, 0, 0, 0, 2, 0, 1] } }),
    );
    expect(native!.positive).toEqual({
      spans: [
        { offset: 1, length: 1 },
        { offset: 3, length: 3 },
      ],
      deltas: [1, 1, -2, 1],
    });
  });

  it('downscales scales above 8 by merging neighbours', () => {
    const native = toNativeHistogram(
      histogram({ scale: 10, positive: { offset: 3, bucketCounts: [1, 1, 1, 1, 1] } }),
    );
    expect(native!.schema).toBe(8);
    expect(native!.positive).toEqual({ spans: [{ offset: 1, length: 2 }], deltas: [1, 3] });
  });

  it('writes negative buckets by magnitude, like positive ones', () => {
    const native = toNativeHistogram(histogram({ negative: { offset: -2, bucketCounts: [5] } }));
    expect(native!.negative).toEqual({ spans: [{ offset: -1, length: 1 }], deltas: [5] });
  });

  it('moves buckets by a power-of-two unit conversion exactly (KiBy to bytes)', () => {
    const native = toNativeHistogram(
      histogram({ scale: 2, positive: { offset: 0, bucketCounts: [1] } }),
      10,
    );
    // (1, 2^0.25] KiB is (1024, 1024·2^0.25] bytes: index 1 + 10·4.
    expect(native!.positive.spans).toEqual([{ offset: 41, length: 1 }]);
  });

  it('has no native form below schema -4', () => {
    expect(toNativeHistogram(histogram({ scale: -5 }))).toBeUndefined();
  });
});
