/**
 * Bucket presets shared by instrumentation packages, in seconds. Given to a histogram as advice
 * (`explicitBucketBoundaries`), so its buckets are right under any OpenTelemetry SDK; a view still
 * overrides them. Frozen: every package reads the same list.
 */

/** 1 ms … 10 s: request and operation latencies (the seeds' usual list; Meterline's `latency`). */
export const LATENCY_1MS_10S_BUCKETS: readonly number[] = Object.freeze([
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/**
 * 5 ms … 10 s: Go's `prometheus.DefBuckets`, also the Rust `prometheus` crate's `DEFAULT_BUCKETS`
 * and prom-client's default. For metrics a Go or Rust service used to expose with default buckets,
 * so existing dashboards see the same `le` values.
 */
export const GO_DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);
