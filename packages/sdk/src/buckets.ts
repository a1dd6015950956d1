/**
 * Named histogram bucket presets. Boundaries are in the unit the preset is named for; a preset is
 * applied to a histogram only when its unit matches (see {@link DEFAULT_UNIT_PRESETS}), so a
 * histogram recorded in seconds never gets the SDK's millisecond-scale default buckets.
 */
export const BUCKET_PRESETS = {
  /** Request and decision latency in seconds: 1 ms … 10 s (the job-server seed's set). */
  latency: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  /** The same latency set in milliseconds, for instruments whose unit is `ms`. */
  'latency-ms': [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
  /** Waiting time in seconds: 100 ms … 10 min (queue wait, backoff, lock wait). */
  wait: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600],
  /** Sizes in bytes: 64 B … 1 GiB in powers of four. */
  bytes: [
    64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, 268435456,
    1073741824,
  ],
} as const satisfies Record<string, readonly number[]>;

/** The name of a built-in bucket preset. */
export type BucketPresetName = keyof typeof BUCKET_PRESETS;

/** Every preset name, for validation messages. */
export const BUCKET_PRESET_NAMES = Object.keys(BUCKET_PRESETS) as BucketPresetName[];

/**
 * Which preset a histogram gets from its UCUM unit when the instrumentation gave no bucket advice
 * and no view overrides it. Units not listed keep the SDK default.
 */
export const DEFAULT_UNIT_PRESETS: Readonly<Record<string, BucketPresetName>> = {
  s: 'latency',
  ms: 'latency-ms',
  By: 'bytes',
};

/**
 * Turns a preset name or an explicit boundary list into a boundary list.
 * @throws {Error} for boundaries that are not finite and strictly increasing.
 */
export function resolveBuckets(spec: BucketPresetName | readonly number[]): number[] {
  const boundaries = typeof spec === 'string' ? [...BUCKET_PRESETS[spec]] : [...spec];
  for (let i = 0; i < boundaries.length; i++) {
    const b = boundaries[i]!;
    if (!Number.isFinite(b)) throw new Error(`bucket boundary ${b} at index ${i} is not finite`);
    if (i > 0 && b <= boundaries[i - 1]!) {
      throw new Error(
        `bucket boundaries must increase strictly: ${boundaries[i - 1]} then ${b} at index ${i}`,
      );
    }
  }
  return boundaries;
}
