import { describe, expect, it } from 'vitest';
import { exponentialToClassic } from '../../src/exposition/exponential.js';

describe('exponentialToClassic', () => {
  it('maps negative, zero and positive buckets to ascending bounds with cumulative counts', () => {
    // scale 0: base 2. positive offset 1 -> buckets (2,4], (4,8]; negative offset 0 -> [-2,-1).
    const classic = exponentialToClassic({
      count: 10,
      sum: 20,
      scale: 0,
      zeroCount: 2,
      positive: { offset: 1, bucketCounts: [3, 4] },
      negative: { offset: 0, bucketCounts: [1] },
      min: -1.5,
      max: 7,
    });
    expect(classic).toEqual({ bounds: [-1, 0, 4, 8], cumulative: [1, 3, 6, 10] });
  });

  it('uses base 2^(2^-scale) for finer scales', () => {
    const classic = exponentialToClassic({
      count: 1,
      sum: 1.1,
      scale: 1,
      zeroCount: 0,
      positive: { offset: 0, bucketCounts: [1] },
      negative: { offset: 0, bucketCounts: [] },
    });
    expect(classic.bounds[1]).toBeCloseTo(Math.SQRT2, 12);
    expect(classic.cumulative).toEqual([0, 1]);
  });
});
