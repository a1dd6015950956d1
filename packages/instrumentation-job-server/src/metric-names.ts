/**
 * Which names the two seed names that Prometheus' own lint rejects are exposed under.
 * - `seed`: exactly the seed's names, `hodei_workers_total` (a gauge) and `hodei_memory_usage_mb`;
 *   `promtool check metrics` reports both ("non-counter metrics should not have "_total" suffix",
 *   "metric names should not contain abbreviated units"), Prometheus stores them as they are.
 * - `prometheus`: `hodei_workers` and `hodei_memory_usage_bytes` (in bytes), which pass the lint.
 * Every other name is the seed's in both modes.
 */
export type MetricNaming = 'seed' | 'prometheus';

/**
 * The Prometheus name of every metric, as a scrape shows it. Counters are created without their
 * `_total` (the exporter appends it to monotonic sums); gauges and histograms keep their name.
 */
export const JOB_SERVER_METRIC_NAMES = {
  jobsScheduled: 'hodei_jobs_scheduled_total',
  jobsCompleted: 'hodei_jobs_completed_total',
  jobsFailed: 'hodei_jobs_failed_total',
  jobsQueued: 'hodei_jobs_queued',
  workersRegistered: 'hodei_workers_registered_total',
  workersHealthy: 'hodei_workers_healthy',
  workersTotal: 'hodei_workers_total',
  schedulingLatency: 'hodei_scheduling_latency_seconds',
  schedulingDecisions: 'hodei_scheduling_decisions_total',
  cpuUsage: 'hodei_cpu_usage_percent',
  memoryUsage: 'hodei_memory_usage_mb',
  queueSize: 'hodei_queue_size',
  queueWaitTime: 'hodei_queue_wait_time_seconds',
  httpRequests: 'hodei_http_requests_total',
  httpRequestDuration: 'hodei_http_request_duration_seconds',
  eventsPublished: 'hodei_events_published_total',
  eventsReceived: 'hodei_events_received_total',
  eventBusSubscribers: 'hodei_event_bus_subscribers',
} as const;

/** The names that differ under `naming: 'prometheus'`; see {@link MetricNaming}. */
export const PROMETHEUS_NAMING_OVERRIDES = {
  workersTotal: 'hodei_workers',
  memoryUsage: 'hodei_memory_usage_bytes',
} as const;

/** One metric of the set, keyed as in {@link JOB_SERVER_METRIC_NAMES}. */
export type JobServerMetricKey = keyof typeof JOB_SERVER_METRIC_NAMES;

/** The exposed names for `naming`. */
export function jobServerMetricNames(
  naming: MetricNaming = 'seed',
): Readonly<Record<JobServerMetricKey, string>> {
  return naming === 'seed'
    ? JOB_SERVER_METRIC_NAMES
    : { ...JOB_SERVER_METRIC_NAMES, ...PROMETHEUS_NAMING_OVERRIDES };
}

/** `hodei_scheduling_latency_seconds` buckets, the seed's: 1 ms … 10 s. */
export const SCHEDULING_LATENCY_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** `hodei_queue_wait_time_seconds` buckets, the seed's: 100 ms … 10 min. */
export const QUEUE_WAIT_BUCKETS: readonly number[] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600];

/**
 * `hodei_http_request_duration_seconds` buckets. The seed names none, so its Rust `prometheus`
 * crate used its `DEFAULT_BUCKETS` (5 ms … 10 s, the same as Go's `DefBuckets`); kept so the
 * service's existing dashboards see the same `le` values.
 */
export const HTTP_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Bytes in the seed's "MB" (a mebibyte), for the `prometheus` naming's byte gauge. */
export const BYTES_PER_MB = 1024 * 1024;
