export { AgentMetrics } from './agent-metrics.js';
export type { StorageBackendName, StorageOperation } from './agent-metrics.js';
