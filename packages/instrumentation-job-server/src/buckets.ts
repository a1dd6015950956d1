/** `hodei_queue_wait_time_seconds` buckets, the seed's: 100 ms … 10 min. */
export const QUEUE_WAIT_BUCKETS: readonly number[] = Object.freeze([
  0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600,
]);

/** Bytes in the seed's "MB" (a mebibyte), for the byte variant of the memory gauge. */
export const BYTES_PER_MB = 1024 * 1024;
