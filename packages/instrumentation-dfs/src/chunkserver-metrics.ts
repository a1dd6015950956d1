import type { Counter, Meter } from '@opentelemetry/api';
import { timed, type TimedOperations } from '@meterline/instrumentation-kit';
import type { OperationStatus } from './buckets.js';
import { ComponentMetrics, componentGauge, type ComponentGauge } from './component-metrics.js';
import type { DfsHealth } from './health.js';
import { RecentOutcomes } from './recent-outcomes.js';

/** Chunk operations of a chunkserver: the `operation` label values. */
export type ChunkOperation = 'write' | 'read' | 'delete';

/** What a chunkserver's gauges and health checks read, at each collection. */
export interface ChunkServerState {
  /** Chunks stored. */
  chunksStored(): number;
  /** Bytes of the stored chunks. */
  storageBytes(): number;
  /** Capacity given to the chunkserver, in bytes. */
  capacityBytes(): number;
  /** Whether it accepts requests (false while taken down). */
  serving(): boolean;
}

/** Thresholds of a chunkserver's health checks. */
export interface ChunkServerHealthOptions {
  /** Free share of the capacity below which disk space is degraded. @default 0.1 */
  readonly minFreeRatio?: number;
  /** Failed share of recent chunk operations above which they are degraded. @default 0.1 */
  readonly maxErrorRatio?: number;
  /** How many recent chunk operations the error ratio covers. @default 100 */
  readonly window?: number;
}

/**
 * A chunkserver's metric set: chunk operations and their duration, chunks and bytes stored, disk
 * bytes read and written, disk space. Prometheus names: `chunkserver_chunk_operations_total`,
 * `chunkserver_chunk_operation_duration_seconds`, `chunkserver_chunks_stored`,
 * `chunkserver_chunk_storage_size_bytes`, `chunkserver_disk_{read,write}_bytes_total`,
 * `chunkserver_disk_space_{total,used,available}_bytes`.
 *
 * Concurrency: recording methods are synchronous SDK calls, safe from any async context.
 */
export class ChunkServerMetrics extends ComponentMetrics<ChunkServerState> {
  private readonly chunks: TimedOperations<ChunkOperation, OperationStatus>;
  private readonly readBytes: Counter;
  private readonly writeBytes: Counter;
  private readonly recent: RecentOutcomes;
  private readonly minFreeRatio: number;
  private readonly maxErrorRatio: number;

  constructor(meter: Meter, health: ChunkServerHealthOptions = {}) {
    super(meter, 'ChunkServerMetrics');
    this.minFreeRatio = health.minFreeRatio ?? 0.1;
    this.maxErrorRatio = health.maxErrorRatio ?? 0.1;
    this.recent = new RecentOutcomes(health.window ?? 100);
    this.chunks = this.timedOperations(
      'chunk',
      'chunkserver_chunk_operations',
      'chunkserver_chunk_operation_duration_seconds',
    );
    this.readBytes = this.counter(
      'chunkserver_disk_read_bytes',
      'Total bytes read from disk',
      'By',
    );
    this.writeBytes = this.counter(
      'chunkserver_disk_write_bytes',
      'Total bytes written to disk',
      'By',
    );
  }

  protected gauges(state: ChunkServerState): readonly ComponentGauge[] {
    const g = componentGauge;
    const free = () => Math.max(0, state.capacityBytes() - state.storageBytes());
    return [
      g('chunkserver_chunks_stored', 'Number of chunks stored', () => state.chunksStored()),
      g(
        'chunkserver_chunk_storage_size_bytes',
        'Total size of stored chunks',
        () => state.storageBytes(),
        'By',
      ),
      g(
        'chunkserver_disk_space_total_bytes',
        'Total disk space',
        () => state.capacityBytes(),
        'By',
      ),
      g('chunkserver_disk_space_used_bytes', 'Used disk space', () => state.storageBytes(), 'By'),
      g('chunkserver_disk_space_available_bytes', 'Available disk space', free, 'By'),
    ];
  }

  /** One chunk operation finished with `status`, taking `seconds`, moving `bytes` to or from disk. */
  chunkOperation(operation: ChunkOperation, status: OperationStatus, seconds: number, bytes = 0) {
    this.chunks.record(operation, status, seconds);
    this.recent.push(status !== 'error');
    if (status !== 'success' || bytes <= 0) return;
    if (operation === 'read') this.readBytes.add(bytes);
    if (operation === 'write') this.writeBytes.add(bytes);
  }

  /**
   * Runs a chunk operation and records it. `outcome` tells the status and the bytes moved from its
   * result (a read: `success` and the chunk's length, or `not_found`); a throw is recorded as
   * `error` and rethrown.
   */
  timeChunkOperation<T>(
    operation: ChunkOperation,
    run: () => Promise<T>,
    outcome: (result: T) => { status: OperationStatus; bytes: number } = () => ({
      status: 'success',
      bytes: 0,
    }),
  ): Promise<T> {
    return timed(run, (seconds, ended) => {
      const { status, bytes } = ended.ok
        ? outcome(ended.result)
        : { status: 'error' as const, bytes: 0 };
      this.chunkOperation(operation, status, seconds, bytes);
    });
  }

  /** `disk_space`: degraded below the free-space threshold, unhealthy when full. */
  diskHealth(): DfsHealth {
    if (!this.state) return { status: 'unhealthy', message: 'chunkserver state not observed yet' };
    const total = this.state.capacityBytes();
    const used = this.state.storageBytes();
    const free = total > 0 ? Math.max(0, total - used) / total : 0;
    const details = {
      totalBytes: total,
      usedBytes: used,
      freeRatio: Math.round(free * 1000) / 1000,
    };
    if (free <= 0) return { status: 'unhealthy', message: 'no disk space left', details };
    if (free < this.minFreeRatio) {
      return { status: 'degraded', message: `only ${details.freeRatio} of the disk free`, details };
    }
    return { status: 'healthy', details };
  }

  /** `chunk_operations`: unhealthy while not serving, degraded when recent operations fail. */
  operationsHealth(): DfsHealth {
    const errorRatio = 1 - this.recent.goodRatio;
    const details = {
      serving: this.state?.serving() ?? false,
      recentOperations: this.recent.size,
      recentErrors: this.recent.failures,
    };
    if (!details.serving) return { status: 'unhealthy', message: 'not serving requests', details };
    if (errorRatio > this.maxErrorRatio) {
      return {
        status: 'degraded',
        message: `${details.recentErrors} of the last ${details.recentOperations} chunk operations failed`,
        details,
      };
    }
    return { status: 'healthy', details };
  }
}
