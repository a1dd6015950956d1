import { describe, expect, it } from 'vitest';
import { RecentOutcomes } from '../src/recent-outcomes.js';

describe('RecentOutcomes', () => {
  it('is fully good while empty', () => {
    const window = new RecentOutcomes(4);
    expect([window.size, window.failures, window.goodRatio]).toEqual([0, 0, 1]);
  });

  it('forgets the oldest outcome once full', () => {
    const window = new RecentOutcomes(3);
    window.push(false);
    window.push(true);
    window.push(true);
    expect([window.size, window.failures]).toEqual([3, 1]);
    window.push(true); // pushes the failure out
    expect([window.size, window.failures, window.goodRatio]).toEqual([3, 0, 1]);
    window.push(false);
    window.push(false);
    expect(window.failures).toBe(2);
    expect(window.goodRatio).toBeCloseTo(1 / 3, 10);
  });
});
