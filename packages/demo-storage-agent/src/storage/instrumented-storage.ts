import type { AgentMetrics, StorageOperation } from '../agent-metrics.js';
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
  ) {}

  get(key: string) {
    return this.timed('get', () => this.inner.get(key));
  }

  put(key: string, value: string) {
    return this.timed('put', () => this.inner.put(key, value));
  }

  delete(key: string) {
    return this.timed('delete', () => this.inner.delete(key));
  }

  close() {
    return this.inner.close();
  }

  private async timed<T>(operation: StorageOperation, run: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await run();
    } finally {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.metrics.storageOperation(operation, this.inner.backend, seconds);
    }
  }
}
