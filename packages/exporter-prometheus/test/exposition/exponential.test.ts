import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { exponentialToClassic } from '../../src/exposition/exponential.js';
import { exponentialView, scrapeText, testProvider } from '../support.js';

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

describe('exponentialToClassic', () => {
  it('maps negative, zero and positive buckets to ascending bounds with cumulative counts', () => {
    // scale 0 = schema 0: base 2. positive offset 1 -> buckets (2,4], (4,8]; negative [-2,-1).
    const classic = exponentialToClassic(
      histogram({
        count: 10,
        scale: 0,
        zeroCount: 2,
        positive: { offset: 1, bucketCounts: [3, 4] },
        negative: { offset: 0, bucketCounts: [1] },
      }),
      0,
    );
    expect(classic).toEqual({ bounds: [-1, 0, 4, 8], cumulative: [1, 3, 6, 10] });
  });

  it('merges finer buckets exactly into the fixed bounds of the schema', () => {
    // scale 1 buckets (1,√2], (√2,2], (2,2√2] at schema 0: (1,2] holds 1+2, (2,4] holds 4.
    const classic = exponentialToClassic(
      histogram({ count: 7, scale: 1, positive: { offset: 0, bucketCounts: [1, 2, 4] } }),
      0,
    );
    expect(classic).toEqual({ bounds: [0, 2, 4], cumulative: [0, 3, 7] });
  });

  it('keeps every fixed bound when the aggregation is coarser, counting at the first bound inside', () => {
    // scale -1: bucket 1 is (4,16]; schema 0 bounds 8 and 16 both stay; the 3 count from 8 on.
    const classic = exponentialToClassic(
      histogram({
        count: 4,
        scale: -1,
        positive: { offset: 1, bucketCounts: [3] },
        negative: { offset: 0, bucketCounts: [1] },
      }),
      0,
    );
    // negative bucket 0 at scale -1 is [-4,-1): bounds -2 and -1; its count from -2 on.
    expect(classic).toEqual({ bounds: [-2, -1, 0, 8, 16], cumulative: [1, 1, 1, 4, 4] });
  });
});

describe('exponential histograms in the text formats', () => {
  it('keep every bound and its count when the aggregation rescales (issue #14: 130 of 135 vanished)', async () => {
    const { reader, provider } = testProvider([exponentialView('size')]);
    const size = provider.getMeter('m').createHistogram('size');
    for (let i = 0; i < 135; i++) size.record(1 + i / 100);
    const options = { format: 'text', targetInfo: false, scopeLabels: false } as const;
    const buckets = (text: string) =>
      new Map(
        [...text.matchAll(/^size_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [
          m[1]!,
          Number(m[2]),
        ]),
      );
    const before = buckets(await scrapeText(reader, options));
    size.record(1e6); // forces the aggregation to a much coarser scale
    const after = buckets(await scrapeText(reader, options));
    expect(before.size).toBeGreaterThan(5);
    for (const [le, count] of before) {
      expect(after.has(le), `le="${le}" is still served`).toBe(true);
      expect(after.get(le)).toBeGreaterThanOrEqual(count);
    }
    expect(after.get('+Inf')).toBe(136);
    // Bound 2 is shared by both scales (schema 3 powers of 2^(1/8)): exact on both sides.
    expect(before.get('2')).toBe(101);
    expect(after.get('2')).toBe(101);
  });
});
