/**
 * The Prometheus name of every replicator metric, as a scrape shows it. Counters are created
 * without `_total`, which the exporter appends to monotonic sums.
 *
 * The seed names three (`harbor_replicator_sync_total`, `harbor_replicator_resources_synced`,
 * `harbor_replicator_sync_duration_seconds`) and describes the rest; their names follow the
 * seed's prefix and Prometheus conventions. The seed's `harbor_replicator_resources_synced` is a
 * counter without `_total`: it is exposed as `harbor_replicator_resources_synced_total`, as the
 * Go client itself does in OpenMetrics and as Prometheus' lint requires.
 */
export const REPLICATOR_METRIC_NAMES = {
  syncTotal: 'harbor_replicator_sync_total',
  resourcesSynced: 'harbor_replicator_resources_synced_total',
  syncDuration: 'harbor_replicator_sync_duration_seconds',
  syncErrors: 'harbor_replicator_sync_errors_total',
  activeSyncs: 'harbor_replicator_active_syncs',
  queueSize: 'harbor_replicator_queue_size',
  apiCallDuration: 'harbor_replicator_api_call_duration_seconds',
  lastSuccessfulSync: 'harbor_replicator_last_successful_sync_timestamp_seconds',
  replicationLag: 'harbor_replicator_replication_lag_seconds',
  configDrift: 'harbor_replicator_config_drift_resources',
  quotaUsage: 'harbor_replicator_quota_usage_ratio',
} as const;

/** One metric of the set, keyed as in {@link REPLICATOR_METRIC_NAMES}. */
export type ReplicatorMetricKey = keyof typeof REPLICATOR_METRIC_NAMES;

/**
 * Go's `prometheus.DefBuckets` (5 ms … 10 s), the seed's buckets for
 * `harbor_replicator_sync_duration_seconds`; also used for the API call latency.
 */
export const DEFAULT_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
