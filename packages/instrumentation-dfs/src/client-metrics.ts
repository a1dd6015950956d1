import type { Counter, Meter, UpDownCounter } from '@opentelemetry/api';
import { upDownCounter, type TimedOperations } from '@meterline/instrumentation-kit';
import type { OperationStatus } from './buckets.js';
import { ComponentMetrics, componentGauge, type ComponentGauge } from './component-metrics.js';
import type { DfsHealth } from './health.js';
import { RecentOutcomes } from './recent-outcomes.js';

/** File operations of a client: the `operation` label values. */
export type FileOperation = 'write' | 'read' | 'delete';
/** Why a client could not reach a component: the `type` of `client_connection_errors_total`. */
export type ConnectionErrorType = 'unavailable' | 'timeout' | 'refused';

/** What a client's gauges read, at each collection. */
export interface ClientState {
  /** Masters the client holds a session with (0 or 1). */
  masterConnections(): number;
  /** Chunkservers the client can reach. */
  chunkserverConnections(): number;
}

/** Thresholds of the client's health check. */
export interface ClientHealthOptions {
  /** How many recent chunk transfers the check covers. @default 100 */
  readonly window?: number;
}

/**
 * A client's metric set: file operations and their duration, files open, bytes and chunk
 * transfers, connections and connection errors. Prometheus names: `client_file_operations_total`,
 * `client_file_operation_duration_seconds`, `client_files_open`, `client_bytes_{read,written}_total`,
 * `client_{read,write}_operations_total` (chunk transfers), `client_master_connections`,
 * `client_chunkserver_connections`, `client_connection_errors_total`.
 *
 * Concurrency: recording methods are synchronous SDK calls, safe from any async context.
 */
export class ClientMetrics extends ComponentMetrics<ClientState> {
  private readonly files: TimedOperations<FileOperation, OperationStatus>;
  private readonly open: UpDownCounter;
  private readonly bytesRead: Counter;
  private readonly bytesWritten: Counter;
  private readonly reads: Counter;
  private readonly writes: Counter;
  private readonly connectionErrors: Counter;
  private readonly transfers: RecentOutcomes;

  constructor(meter: Meter, health: ClientHealthOptions = {}) {
    super(meter, 'ClientMetrics');
    this.transfers = new RecentOutcomes(health.window ?? 100);
    this.files = this.timedOperations(
      'file',
      'client_file_operations',
      'client_file_operation_duration_seconds',
    );
    this.open = upDownCounter(meter, {
      name: 'client_files_open',
      description: 'Number of open files',
    });
    // No `unit`: the file system's names keep "bytes" inside (`client_bytes_read_total`), and a
    // unit would make the exporter append `_bytes` (`client_bytes_read_bytes_total`).
    this.bytesRead = this.counter('client_bytes_read', 'Total bytes read (in bytes)');
    this.bytesWritten = this.counter('client_bytes_written', 'Total bytes written (in bytes)');
    this.reads = this.counter(
      'client_read_operations',
      'Total read operations (chunk reads from chunkservers)',
    );
    this.writes = this.counter(
      'client_write_operations',
      'Total write operations (chunk writes to chunkservers)',
    );
    this.connectionErrors = this.counter('client_connection_errors', 'Total connection errors');
  }

  protected gauges(state: ClientState): readonly ComponentGauge[] {
    return [
      componentGauge('client_master_connections', 'Number of master connections', () =>
        state.masterConnections(),
      ),
      componentGauge('client_chunkserver_connections', 'Number of chunkserver connections', () =>
        state.chunkserverConnections(),
      ),
    ];
  }

  /**
   * Runs a file operation with the file counted as open meanwhile, and records it: the status
   * `statusOf` gives its result (default `success`), or `error` when it throws (rethrown).
   */
  async timeFileOperation<T>(
    operation: FileOperation,
    run: () => Promise<T>,
    statusOf: (result: T) => OperationStatus = () => 'success',
  ): Promise<T> {
    this.open.add(1);
    try {
      return await this.files.time(operation, run, statusOf, 'error');
    } finally {
      this.open.add(-1);
    }
  }

  /** One chunk was read from a chunkserver: `bytes` long. */
  chunkRead(bytes: number): void {
    this.reads.add(1);
    this.bytesRead.add(bytes);
    this.transfers.push(true);
  }

  /** One chunk replica was written to a chunkserver: `bytes` long. */
  chunkWritten(bytes: number): void {
    this.writes.add(1);
    this.bytesWritten.add(bytes);
    this.transfers.push(true);
  }

  /** A request to `target` (a component name, `chunkserver-2`) failed to connect. */
  connectionError(type: ConnectionErrorType, target: string): void {
    this.connectionErrors.add(1, this.attributes.get({ type, target }));
    this.transfers.push(false);
  }

  /**
   * `connections`: unhealthy without a master session or when every recent chunk transfer failed,
   * degraded when some did (a replica was unreachable and another served).
   */
  connectionHealth(): DfsHealth {
    const details = {
      masterConnections: this.state?.masterConnections() ?? 0,
      chunkserverConnections: this.state?.chunkserverConnections() ?? 0,
      recentTransfers: this.transfers.size,
      recentConnectionErrors: this.transfers.failures,
    };
    if (details.masterConnections === 0) {
      return { status: 'unhealthy', message: 'no session with the master', details };
    }
    if (details.recentTransfers > 0 && details.recentConnectionErrors === details.recentTransfers) {
      return { status: 'unhealthy', message: 'every recent chunk transfer failed', details };
    }
    if (details.recentConnectionErrors > 0) {
      return {
        status: 'degraded',
        message: `${details.recentConnectionErrors} of the last ${details.recentTransfers} chunk transfers failed to connect`,
        details,
      };
    }
    return { status: 'healthy', details };
  }
}
