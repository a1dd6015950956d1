import type { Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import {
  AttributeCache,
  counter,
  gauge,
  secondsHistogram,
  LATENCY_1MS_10S_BUCKETS,
  timed,
} from '@meterline/instrumentation-kit';

/** Storage operation kinds: the seed's `operation` label values. */
export type StorageOperation = 'get' | 'put' | 'delete';
/** Storage backends: the seed's `backend` label values. */
export type StorageBackendName = 'local' | 'redis';

/**
 * The P2P storage agent's metric set (seed 002), recorded through the OpenTelemetry API only.
 *
 * The seed's process gauges (`process_cpu_usage`, `process_memory_bytes`) are not here: they are
 * process facts, not agent facts, and come from the SDK's runtime metrics renamed by views (see
 * docs/metrics.md).
 *
 * Concurrency: every method is a few synchronous SDK calls, safe from any async context, and never
 * throws. Creating the instruments does no I/O.
 */
export class AgentMetrics {
  private readonly messagesReceived: Counter;
  private readonly messageDuration: Histogram;
  private readonly storageOperations: Counter;
  private readonly storageDuration: Histogram;
  private readonly storageErrors: Counter;
  private readonly attributes = new AttributeCache();
  private peersGauge: ObservableGauge | undefined;

  /** @param meter where the instruments live: `metrics.getMeter('storage-agent')`, say. */
  constructor(private readonly meter: Meter) {
    this.messagesReceived = counter(meter, {
      name: 'messages_received',
      description: 'Total messages received',
    });
    this.messageDuration = secondsHistogram(
      meter,
      'message_processing_duration_seconds',
      'Message processing time',
      LATENCY_1MS_10S_BUCKETS,
    );
    this.storageOperations = counter(meter, {
      name: 'storage_operations',
      description: 'Storage operations by type and backend',
    });
    this.storageDuration = secondsHistogram(
      meter,
      'storage_operation_duration_seconds',
      'Storage operation time',
      LATENCY_1MS_10S_BUCKETS,
    );
    this.storageErrors = counter(meter, {
      name: 'storage_operation_errors',
      description: 'Storage operations that failed, by type and backend',
    });
  }

  /**
   * Starts every `storage_operation_errors_total{operation, backend}` series of `backend` at 0,
   * so an error rate can be computed (and alerted on) before the first failure.
   */
  initializeBackend(backend: StorageBackendName): void {
    for (const operation of ['get', 'put', 'delete'] as const) {
      this.storageErrors.add(0, this.attributes.get({ operation, backend }));
    }
  }

  /**
   * Reports `agent_peers_connected` from `count`, read at each collection.
   * @throws {Error} when called twice: one agent has one peer count.
   */
  observePeers(count: () => number): void {
    if (this.peersGauge) throw new Error('observePeers() was already called');
    this.peersGauge = gauge(
      this.meter,
      { name: 'agent_peers_connected', description: 'Number of connected peers' },
      count,
    );
  }

  /** One message handled successfully, taking `seconds`. */
  messageReceived(seconds: number): void {
    this.messagesReceived.add(1);
    this.messageDuration.record(seconds);
  }

  /** One storage operation completed (or failed) on `backend`, taking `seconds`. */
  storageOperation(operation: StorageOperation, backend: StorageBackendName, seconds: number) {
    const attributes = this.attributes.get({ operation, backend });
    this.storageOperations.add(1, attributes);
    this.storageDuration.record(seconds, attributes);
  }

  /** One storage operation failed on `backend` (it also counts in `storage_operations_total`). */
  storageOperationFailed(operation: StorageOperation, backend: StorageBackendName): void {
    this.storageErrors.add(1, this.attributes.get({ operation, backend }));
  }

  /**
   * Runs `operation` and records it with its duration, whether it resolves or rejects (a rejection
   * also counts in `storage_operation_errors_total`); returns or rethrows what `operation` did. The way a backend wraps its get/put/delete.
   */
  timeStorageOperation<T>(
    operation: StorageOperation,
    backend: StorageBackendName,
    run: () => Promise<T>,
  ): Promise<T> {
    return timed(run, (seconds, outcome) => {
      if (!outcome.ok) this.storageOperationFailed(operation, backend);
      this.storageOperation(operation, backend, seconds);
    });
  }
}
