import { describe, expect, it } from 'vitest';
import { QuantileStream, type Objective } from '../../src/storage/quantile-stream.js';
import { seededRandom as random } from '../../../../test/support/seeded-random.js';

const OBJECTIVES: Objective[] = [
  { quantile: 0.5, error: 0.05 },
  { quantile: 0.9, error: 0.01 },
  { quantile: 0.99, error: 0.001 },
];

/** Feeds `values` in sorted runs of 500, as the window does. */
function fill(stream: QuantileStream, values: readonly number[]): void {
  for (let i = 0; i < values.length; i += 500) {
    const run = Float64Array.from(values.slice(i, i + 500)).sort();
    stream.mergeSorted(run, run.length);
  }
}

/** The ranks (1-based, of the sorted data) the value `v` occupies. */
function ranks(sorted: readonly number[], v: number): [number, number] {
  const first = sorted.indexOf(v);
  return [first + 1, sorted.lastIndexOf(v) + 1];
}

const datasets: Record<string, (r: () => number) => number> = {
  uniform: (r) => r() * 1000,
  'log-normal': (r) => Math.exp(Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())),
  bimodal: (r) => (r() < 0.7 ? 10 + r() : 500 + 50 * r()),
  'many duplicates': (r) => Math.floor(r() * 20),
};

describe('QuantileStream (CKMS targeted quantiles)', () => {
  for (const [name, draw] of Object.entries(datasets)) {
    it(`keeps every objective within its rank error on ${name} data (100,000 values)`, () => {
      const r = random(42);
      const values = Array.from({ length: 100_000 }, () => draw(r));
      const stream = new QuantileStream(OBJECTIVES);
      fill(stream, values);
      const sorted = [...values].sort((a, b) => a - b);
      expect(stream.count).toBe(100_000);
      for (const { quantile, error } of OBJECTIVES) {
        const estimate = stream.query(quantile);
        const [low, high] = ranks(sorted, estimate);
        const wanted = quantile * values.length;
        const allowed = error * values.length;
        // Some rank the estimate holds is within the allowed error of the wanted rank.
        expect(low - 1 <= wanted + allowed && high >= wanted - allowed).toBe(true);
      }
      // It is a sketch: far fewer samples than values.
      expect(stream.size).toBeLessThan(5_000);
    });
  }

  it('answers exactly (nearest rank) while it holds no more than its raw limit', () => {
    const stream = new QuantileStream(OBJECTIVES);
    const values = Float64Array.from({ length: 100 }, (_, i) => 100 - i).sort();
    stream.mergeSorted(values, 100);
    expect(stream.query(0.5)).toBe(50);
    expect(stream.query(0.9)).toBe(90);
    expect(stream.query(0.99)).toBe(99);
    expect(stream.size).toBe(100);
  });

  it('is NaN when empty, and empty again after a reset', () => {
    const stream = new QuantileStream(OBJECTIVES);
    expect(stream.query(0.5)).toBeNaN();
    fill(
      stream,
      Array.from({ length: 2000 }, (_, i) => i),
    );
    expect(stream.count).toBe(2000);
    stream.reset();
    expect(stream.count).toBe(0);
    expect(stream.query(0.5)).toBeNaN();
  });

  it('gives the only value for every quantile of a constant stream', () => {
    const stream = new QuantileStream(OBJECTIVES);
    fill(stream, new Array<number>(10_000).fill(7));
    for (const { quantile } of OBJECTIVES) expect(stream.query(quantile)).toBe(7);
  });
});
