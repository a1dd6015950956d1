import type { Histogram } from '@opentelemetry/sdk-metrics';

/** Thrown when two workers report one histogram with different bucket boundaries. */
export class BoundaryMismatchError extends Error {
  constructor(metric: string) {
    super(
      `histogram ${metric}: workers report different bucket boundaries (configure the same views ` +
        'in every worker); the differing points were not merged',
    );
    this.name = 'BoundaryMismatchError';
  }
}

/**
 * Adds two explicit-bucket histograms with the same boundaries: counts per bucket, count and sum
 * add; min and max are kept. Throws {@link BoundaryMismatchError} when the boundaries differ.
 */
export function mergeHistogram(a: Histogram, b: Histogram, metric: string): Histogram {
  const boundaries = a.buckets.boundaries;
  if (!sameBoundaries(boundaries, b.buckets.boundaries)) throw new BoundaryMismatchError(metric);
  return {
    buckets: {
      boundaries,
      counts: a.buckets.counts.map((count, i) => count + (b.buckets.counts[i] ?? 0)),
    },
    count: a.count + b.count,
    sum: a.sum === undefined || b.sum === undefined ? undefined : a.sum + b.sum,
    min: extreme(a.min, b.min, Math.min),
    max: extreme(a.max, b.max, Math.max),
  };
}

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, i) => bound === b[i]);
}

function extreme(
  a: number | undefined,
  b: number | undefined,
  f: (x: number, y: number) => number,
): number | undefined {
  if (a === undefined || !Number.isFinite(a)) return b;
  if (b === undefined || !Number.isFinite(b)) return a;
  return f(a, b);
}
