export { noopMetricsCollector } from './metrics-collector.js';
export type {
  MetricsCollector,
  SyncContext,
  SyncOperation,
  SyncStatus,
} from './metrics-collector.js';
export { ReplicatorMetrics } from './replicator-metrics.js';
export type { ApiCallStatus, HealthIndicators } from './replicator-metrics.js';
