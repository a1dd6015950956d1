import type { AgentMetrics } from '@meterline/instrumentation-storage-agent';
import type { Storage } from './storage.js';

/**
 * Wraps any backend so every get/put/delete records `storage_operations_total` and
 * `storage_operation_duration_seconds` with its operation and backend, failed operations included.
 */
export class InstrumentedStorage implements Storage {
  get backend() {
    return this.inner.backend;
  }

  constructor(
    private readonly inner: Storage,
    private readonly metrics: AgentMetrics,
  ) {
    metrics.initializeBackend(inner.backend);
  }

  get(key: string) {
    return this.metrics.timeStorageOperation('get', this.inner.backend, () => this.inner.get(key));
  }

  put(key: string, value: string) {
    return this.metrics.timeStorageOperation('put', this.inner.backend, () =>
      this.inner.put(key, value),
    );
  }

  delete(key: string) {
    return this.metrics.timeStorageOperation('delete', this.inner.backend, () =>
      this.inner.delete(key),
    );
  }

  close() {
    return this.inner.close();
  }
}
