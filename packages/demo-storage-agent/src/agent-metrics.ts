import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';

/** Storage operation kinds, the seed's `operation` label values. */
export type StorageOperation = 'get' | 'put' | 'delete';
/** Storage backends, the seed's `backend` label values. */
export type StorageBackendName = 'local' | 'redis';

/**
 * The agent's metric set (seed 002), recorded through the OpenTelemetry API only. Instrument names
 * are the exact Prometheus names of the seed; counters drop `_total`, which the exporter appends.
 *
 * Safe to call from any async context; every method is a few SDK calls and never throws.
 */
export class AgentMetrics {
  private readonly messagesReceived: Counter;
  private readonly messageDuration: Histogram;
  private readonly storageOperations: Counter;
  private readonly storageDuration: Histogram;
  private readonly opAttributes = new Map<string, Attributes>();

  constructor(private readonly meter: Meter) {
    this.messagesReceived = meter.createCounter('messages_received', {
      description: 'Total messages received',
    });
    this.messageDuration = meter.createHistogram('message_processing_duration_seconds', {
      description: 'Message processing time',
      unit: 's',
    });
    this.storageOperations = meter.createCounter('storage_operations', {
      description: 'Storage operations by type and backend',
    });
    this.storageDuration = meter.createHistogram('storage_operation_duration_seconds', {
      description: 'Storage operation time',
      unit: 's',
    });
    observeProcess(meter);
  }

  /** Reports `agent_peers_connected` from `count`, read at each collection. */
  observePeers(count: () => number): void {
    this.meter
      .createObservableGauge('agent_peers_connected', { description: 'Number of connected peers' })
      .addCallback((result) => result.observe(count()));
  }

  /** One message handled, taking `seconds`. */
  messageReceived(seconds: number): void {
    this.messagesReceived.add(1);
    this.messageDuration.record(seconds);
  }

  /** One storage operation completed on `backend`, taking `seconds`. */
  storageOperation(operation: StorageOperation, backend: StorageBackendName, seconds: number) {
    const key = `${operation}/${backend}`;
    let attributes = this.opAttributes.get(key);
    if (!attributes) {
      attributes = { operation, backend };
      this.opAttributes.set(key, attributes);
    }
    this.storageOperations.add(1, attributes);
    this.storageDuration.record(seconds, attributes);
  }
}

/** The seed's `process_cpu_usage` (percent of one core since the last collection) and memory. */
function observeProcess(meter: Meter) {
  let lastCpu = process.cpuUsage();
  let lastTime = process.hrtime.bigint();
  meter
    .createObservableGauge('process_cpu_usage', { description: 'CPU usage percentage' })
    .addCallback((result) => {
      const cpu = process.cpuUsage();
      const now = process.hrtime.bigint();
      const usedMicros = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
      const elapsedMicros = Number(now - lastTime) / 1000;
      lastCpu = cpu;
      lastTime = now;
      result.observe(elapsedMicros > 0 ? (100 * usedMicros) / elapsedMicros : 0);
    });
  meter
    .createObservableGauge('process_memory_bytes', {
      description: 'Memory usage in bytes (resident set size)',
      unit: 'By',
    })
    .addCallback((result) => result.observe(process.memoryUsage.rss()));
}
