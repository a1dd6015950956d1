import { describe, expect, it } from 'vitest';
import { SummaryWindow } from '../../src/storage/summary-window.js';

const objectives = [
  { quantile: 0.5, error: 0.05 },
  { quantile: 0.99, error: 0.001 },
];

/** A window of 10 s in 5 buckets (one rotation every 2 s) on a clock the test moves. */
function windowAt(start = 1_000_000, bufferSize?: number) {
  const clock = { now: start };
  const window = new SummaryWindow({
    objectives,
    maxAgeMillis: 10_000,
    ageBuckets: 5,
    clock: () => clock.now,
    ...(bufferSize === undefined ? {} : { bufferSize }),
  });
  return { clock, window };
}

const values = (snapshot: { value: number }[]) => snapshot.map((q) => q.value);

describe('SummaryWindow', () => {
  it('reports NaN for every objective before any value', () => {
    const { window } = windowAt();
    expect(window.snapshot()).toEqual([
      { quantile: 0.5, value: Number.NaN },
      { quantile: 0.99, value: Number.NaN },
    ]);
  });

  it('answers over the values of the last maxAge, exactly for a small window', () => {
    const { clock, window } = windowAt();
    for (let i = 1; i <= 100; i++) window.observe(i);
    expect(values(window.snapshot())).toEqual([50, 99]);
    clock.now += 1_999;
    expect(values(window.snapshot())).toEqual([50, 99]);
  });

  it('forgets values once every age bucket that held them was reset', () => {
    const { clock, window } = windowAt();
    for (let i = 1; i <= 100; i++) window.observe(i); // at t0
    clock.now += 4_000; // t0 + 4 s: two rotations
    for (let i = 1001; i <= 1100; i++) window.observe(i);
    // Two buckets were reset; the head now is one that has collected since before t0: both runs.
    expect(window.count).toBe(200);
    clock.now += 6_000; // t0 + 10 s: the buckets that saw t0's run are all reset
    expect(values(window.snapshot())).toEqual([1050, 1099]);
    expect(window.count).toBe(100);
    clock.now += 10_000; // everything older than maxAge is gone
    expect(values(window.snapshot())).toEqual([Number.NaN, Number.NaN]);
    expect(window.count).toBe(0);
  });

  it('folds buffered values in before a rotation, so a value counts for its own time', () => {
    const { clock, window } = windowAt(0, 1000);
    window.observe(5); // buffered, not yet in any stream
    clock.now = 2_000; // the next observation rotates: the buffer goes in first
    window.observe(6);
    expect(window.count).toBe(2);
    clock.now = 10_000; // every bucket that held 5 has been reset; 6 came after the first reset
    expect(values(window.snapshot())).toEqual([6, 6]);
  });

  it('survives a clock far ahead without looping per missed period', () => {
    const { clock, window } = windowAt(0);
    window.observe(1);
    clock.now = 1e15;
    expect(values(window.snapshot())).toEqual([Number.NaN, Number.NaN]);
    window.observe(3);
    expect(values(window.snapshot())).toEqual([3, 3]);
  });

  it('sorts and merges in buffer-sized runs without losing a value', () => {
    const { window } = windowAt(0, 7);
    for (let i = 0; i < 10_000; i++) window.observe(i % 1000);
    expect(window.count).toBe(10_000);
    const [median, p99] = values(window.snapshot());
    expect(Math.abs(median! - 500)).toBeLessThanOrEqual(0.05 * 1000 + 1);
    expect(Math.abs(p99! - 990)).toBeLessThanOrEqual(0.001 * 1000 + 1);
  });
});
