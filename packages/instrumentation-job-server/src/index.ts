export { createJobServerMetrics } from './job-server-metrics.js';
export type { JobServerMetricsOptions } from './job-server-metrics.js';
export type {
  ClusterStats,
  EventBusMetrics,
  HttpMetrics,
  JobMetrics,
  JobServerMetrics,
  QueueMetrics,
  ResourceMetrics,
  SchedulingMetrics,
  WorkerMetrics,
  WorkerResources,
} from './metric-groups.js';
export {
  BYTES_PER_MB,
  HTTP_DURATION_BUCKETS,
  JOB_SERVER_METRIC_NAMES,
  PROMETHEUS_NAMING_OVERRIDES,
  QUEUE_WAIT_BUCKETS,
  SCHEDULING_LATENCY_BUCKETS,
  jobServerMetricNames,
} from './metric-names.js';
export type { JobServerMetricKey, MetricNaming } from './metric-names.js';
