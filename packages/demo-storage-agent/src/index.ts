export { Agent, InvalidMessageError } from './agent.js';
export type { Message, MessageResult } from './agent.js';
export { AgentMetrics } from './agent-metrics.js';
export type { StorageBackendName, StorageOperation } from './agent-metrics.js';
export { startAgentApi } from './api.js';
export type { AgentApi } from './api.js';
export { InstrumentedStorage } from './storage/instrumented-storage.js';
export { LocalStorage } from './storage/local-storage.js';
export type { Storage } from './storage/storage.js';
