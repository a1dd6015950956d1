export { PATHS, startReplicatorApi } from './api.js';
export type { ReplicatorApi, ReplicatorApiOptions, ScrapeHandler } from './api.js';
export { DEFAULT_PORT, ReplicatorConfigError, readReplicatorConfig } from './config.js';
export type { ReplicatorConfig } from './config.js';
export { healthIndicators, replicatorHealthChecks } from './health-checks.js';
export type { HealthThresholds, NamedCheck } from './health-checks.js';
export { RegistryClient, RegistryError } from './registry-client.js';
export type { ApiCallRecorder, RegistryClientOptions } from './registry-client.js';
export { startRegistryServer } from './registry-server.js';
export type { RegistryServer } from './registry-server.js';
export { QuotaExceededError, RegistryStore } from './registry-store.js';
export { Replicator, planSync } from './replicator.js';
export type {
  CycleReport,
  QuotaState,
  ReplicatorOptions,
  SyncErrorReport,
  SyncResult,
  SyncStep,
  TypeState,
} from './replicator.js';
export { RESOURCE_TYPES, isResourceType, sameSpec } from './resources.js';
export type { Resource, ResourceType } from './resources.js';
export { registerHealthChecks, startReplicatorTelemetry } from './telemetry.js';
export type { ReplicatorTelemetry } from './telemetry.js';
export { startWorkload } from './workload.js';
export type { Workload, WorkloadOptions } from './workload.js';
