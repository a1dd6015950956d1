export { DFS_LATENCY_BUCKETS, DFS_SIZE_BUCKETS } from './buckets.js';
export type { OperationStatus } from './buckets.js';
export { createComponentMetrics, DFS_COMPONENTS } from './factory.js';
export type { DfsComponent, DfsComponentMetrics } from './factory.js';
export type { DfsHealth } from './health.js';
export { MasterMetrics } from './master-metrics.js';
export type {
  MasterHealthOptions,
  MasterOperation,
  MasterState,
  SessionOperation,
} from './master-metrics.js';
export { ChunkServerMetrics } from './chunkserver-metrics.js';
export type {
  ChunkOperation,
  ChunkServerHealthOptions,
  ChunkServerState,
} from './chunkserver-metrics.js';
export { MetaloggerMetrics } from './metalogger-metrics.js';
export type {
  BackupOperation,
  LogOperation,
  MetaloggerHealthOptions,
  MetaloggerState,
  RecoveryOperation,
} from './metalogger-metrics.js';
export { ClientMetrics } from './client-metrics.js';
export type {
  ClientHealthOptions,
  ClientState,
  ConnectionErrorType,
  FileOperation,
} from './client-metrics.js';
export { RecentOutcomes } from './recent-outcomes.js';
