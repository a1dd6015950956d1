import type { Attributes, Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';

/** Storage operation kinds: the seed's `operation` label values. */
export type StorageOperation = 'get' | 'put' | 'delete';
/** Storage backends: the seed's `backend` label values. */
export type StorageBackendName = 'local' | 'redis';

/**
 * Bucket boundaries (seconds) of both duration histograms, given as instrument advice so the
 * package gives second-scale buckets under any OpenTelemetry SDK (1 ms … 10 s). A view still
 * overrides them.
 */
export const AGENT_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * Instrument names. Prometheus exposes counters with `_total` appended, so these are the seed's
 * exact Prometheus names: `messages_received_total`, `storage_operations_total`,
 * `message_processing_duration_seconds`, `storage_operation_duration_seconds`,
 * `agent_peers_connected`.
 */
export const AGENT_METRIC_NAMES = {
  messagesReceived: 'messages_received',
  messageProcessingDuration: 'message_processing_duration_seconds',
  storageOperations: 'storage_operations',
  storageOperationDuration: 'storage_operation_duration_seconds',
  storageOperationErrors: 'storage_operation_errors',
  peersConnected: 'agent_peers_connected',
} as const;

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
  private readonly opAttributes = new Map<string, Attributes>();
  private peersGauge: ObservableGauge | undefined;

  /** @param meter where the instruments live: `metrics.getMeter('storage-agent')`, say. */
  constructor(private readonly meter: Meter) {
    const advice = { explicitBucketBoundaries: [...AGENT_DURATION_BUCKETS] };
    this.messagesReceived = meter.createCounter(AGENT_METRIC_NAMES.messagesReceived, {
      description: 'Total messages received',
    });
    this.messageDuration = meter.createHistogram(AGENT_METRIC_NAMES.messageProcessingDuration, {
      description: 'Message processing time',
      unit: 's',
      advice,
    });
    this.storageOperations = meter.createCounter(AGENT_METRIC_NAMES.storageOperations, {
      description: 'Storage operations by type and backend',
    });
    this.storageDuration = meter.createHistogram(AGENT_METRIC_NAMES.storageOperationDuration, {
      description: 'Storage operation time',
      unit: 's',
      advice,
    });
    this.storageErrors = meter.createCounter(AGENT_METRIC_NAMES.storageOperationErrors, {
      description: 'Storage operations that failed, by type and backend',
    });
  }

  /**
   * Starts every `storage_operation_errors_total{operation, backend}` series of `backend` at 0,
   * so an error rate can be computed (and alerted on) before the first failure.
   */
  initializeBackend(backend: StorageBackendName): void {
    for (const operation of ['get', 'put', 'delete'] as const) {
      this.storageErrors.add(0, this.attributesOf(operation, backend));
    }
  }

  /**
   * Reports `agent_peers_connected` from `count`, read at each collection.
   * @throws {Error} when called twice: one agent has one peer count.
   */
  observePeers(count: () => number): void {
    if (this.peersGauge) throw new Error('observePeers() was already called');
    this.peersGauge = this.meter.createObservableGauge(AGENT_METRIC_NAMES.peersConnected, {
      description: 'Number of connected peers',
    });
    this.peersGauge.addCallback((result) => result.observe(count()));
  }

  /** One message handled successfully, taking `seconds`. */
  messageReceived(seconds: number): void {
    this.messagesReceived.add(1);
    this.messageDuration.record(seconds);
  }

  /** One storage operation completed (or failed) on `backend`, taking `seconds`. */
  storageOperation(operation: StorageOperation, backend: StorageBackendName, seconds: number) {
    const attributes = this.attributesOf(operation, backend);
    this.storageOperations.add(1, attributes);
    this.storageDuration.record(seconds, attributes);
  }

  /** One storage operation failed on `backend` (it also counts in `storage_operations_total`). */
  storageOperationFailed(operation: StorageOperation, backend: StorageBackendName): void {
    this.storageErrors.add(1, this.attributesOf(operation, backend));
  }

  private attributesOf(operation: StorageOperation, backend: StorageBackendName): Attributes {
    const key = `${operation}/${backend}`;
    let attributes = this.opAttributes.get(key);
    if (!attributes) {
      attributes = { operation, backend };
      this.opAttributes.set(key, attributes);
    }
    return attributes;
  }

  /**
   * Runs `operation` and records it with its duration, whether it resolves or rejects (a rejection
   * also counts in `storage_operation_errors_total`); returns or rethrows what `operation` did. The way a backend wraps its get/put/delete.
   */
  async timeStorageOperation<T>(
    operation: StorageOperation,
    backend: StorageBackendName,
    run: () => Promise<T>,
  ): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await run();
    } catch (error) {
      this.storageOperationFailed(operation, backend);
      throw error;
    } finally {
      this.storageOperation(operation, backend, Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
}
