export { AgentMetrics, AGENT_DURATION_BUCKETS, AGENT_METRIC_NAMES } from './agent-metrics.js';
export type { StorageBackendName, StorageOperation } from './agent-metrics.js';
