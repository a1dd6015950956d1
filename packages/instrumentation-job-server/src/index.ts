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
export { QUEUE_WAIT_BUCKETS } from './buckets.js';
