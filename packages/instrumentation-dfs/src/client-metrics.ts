import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { AttributeCache, secondsSince } from './attributes.js';
import { DFS_LATENCY_BUCKETS, type OperationStatus } from './buckets.js';
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
export class ClientMetrics {
  private readonly operations: Counter;
  private readonly duration: Histogram;
  private readonly open: UpDownCounter;
  private readonly bytesRead: Counter;
  private readonly bytesWritten: Counter;
  private readonly reads: Counter;
  private readonly writes: Counter;
  private readonly connectionErrors: Counter;
  private readonly attributes = new AttributeCache();
  private readonly transfers: RecentOutcomes;
  private state: ClientState | undefined;

  constructor(
    private readonly meter: Meter,
    health: ClientHealthOptions = {},
  ) {
    this.transfers = new RecentOutcomes(health.window ?? 100);
    this.operations = meter.createCounter('client_file_operations', {
      description: 'Total file operations',
    });
    this.duration = meter.createHistogram('client_file_operation_duration_seconds', {
      description: 'File operation duration',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DFS_LATENCY_BUCKETS] },
    });
    this.open = meter.createUpDownCounter('client_files_open', {
      description: 'Number of open files',
    });
    // No `unit`: the file system's names keep "bytes" inside (`client_bytes_read_total`), and a
    // unit would make the exporter append `_bytes` (`client_bytes_read_bytes_total`).
    this.bytesRead = meter.createCounter('client_bytes_read', {
      description: 'Total bytes read (in bytes)',
    });
    this.bytesWritten = meter.createCounter('client_bytes_written', {
      description: 'Total bytes written (in bytes)',
    });
    this.reads = meter.createCounter('client_read_operations', {
      description: 'Total read operations (chunk reads from chunkservers)',
    });
    this.writes = meter.createCounter('client_write_operations', {
      description: 'Total write operations (chunk writes to chunkservers)',
    });
    this.connectionErrors = meter.createCounter('client_connection_errors', {
      description: 'Total connection errors',
    });
  }

  /**
   * Reports the connection gauges from `state`, read at each collection. Call once.
   * @throws {Error} when called twice.
   */
  observe(state: ClientState): void {
    if (this.state) throw new Error('ClientMetrics.observe() was already called');
    this.state = state;
    this.meter
      .createObservableGauge('client_master_connections', {
        description: 'Number of master connections',
      })
      .addCallback((result) => result.observe(state.masterConnections()));
    this.meter
      .createObservableGauge('client_chunkserver_connections', {
        description: 'Number of chunkserver connections',
      })
      .addCallback((result) => result.observe(state.chunkserverConnections()));
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
    const start = process.hrtime.bigint();
    let status: OperationStatus = 'error';
    this.open.add(1);
    try {
      const result = await run();
      status = statusOf(result);
      return result;
    } finally {
      this.open.add(-1);
      this.operations.add(1, this.attributes.get({ operation, status }));
      this.duration.record(secondsSince(start), this.attributes.get({ operation }));
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
