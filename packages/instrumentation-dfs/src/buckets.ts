/**
 * Latency buckets of every DFS duration histogram, in seconds: 100 µs … 60 s (the file system's
 * own `LATENCY_BUCKETS`).
 */
export const DFS_LATENCY_BUCKETS: readonly number[] = [
  0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60,
];

/** Size buckets of the DFS size histograms, in bytes: 1 KiB … 64 MiB (its `SIZE_BUCKETS`). */
export const DFS_SIZE_BUCKETS: readonly number[] = [
  1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** Outcome of an operation: the `status` label values. */
export type OperationStatus = 'success' | 'not_found' | 'error';
