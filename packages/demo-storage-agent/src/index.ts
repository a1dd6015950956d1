export { Agent, InvalidMessageError } from './agent.js';
export type { Message, MessageResult } from './agent.js';
export { AgentMetrics } from '@meterline/instrumentation-storage-agent';
export type {
  StorageBackendName,
  StorageOperation,
} from '@meterline/instrumentation-storage-agent';
export { AgentConfigError, DEFAULT_REDIS_KEY_PREFIX, loadAgentConfig } from './agent-config.js';
export type { AgentConfig, AgentMetricsEndpoint, StorageConfig } from './agent-config.js';
export { startAgentApi } from './api.js';
export type { AgentApi } from './api.js';
export { AGENT_PROCESS_VIEWS } from './telemetry.js';
export { InstrumentedStorage } from './storage/instrumented-storage.js';
export { LocalStorage } from './storage/local-storage.js';
export { RedisStorage } from './storage/redis-storage.js';
export type { RedisStorageOptions } from './storage/redis-storage.js';
export type { Storage } from './storage/storage.js';
