import type { Counter, Meter } from '@opentelemetry/api';
import type { TimedOperations } from '@meterline/instrumentation-kit';
import type { OperationStatus } from './buckets.js';
import { ComponentMetrics, componentGauge, type ComponentGauge } from './component-metrics.js';
import type { DfsHealth } from './health.js';
import { RecentOutcomes } from './recent-outcomes.js';

/** Metadata operations of the master: the `operation` label values. */
export type MasterOperation = 'create' | 'lookup' | 'delete' | 'list';
/** Client session operations: the `operation` label of `master_session_operations_total`. */
export type SessionOperation = 'open' | 'close';

/** What the master's gauges and health checks read, at each collection. */
export interface MasterState {
  /** Entries in the metadata cache. */
  cacheEntries(): number;
  /** Estimated bytes held by the metadata cache. */
  cacheSizeBytes(): number;
  /** Chunks the master tracks. */
  chunks(): number;
  /** Replicas of those chunks, over every chunkserver. */
  chunkReplicas(): number;
  /** Open client sessions. */
  activeSessions(): number;
  /** Chunkservers registered, and how many of them answer. */
  chunkservers(): { readonly registered: number; readonly up: number };
  /** Replicas each chunk should have. */
  readonly replicationFactor: number;
}

/** Thresholds of the master's health checks. */
export interface MasterHealthOptions {
  /** Metadata cache hit ratio below which the cache is degraded. @default 0.5 */
  readonly minCacheHitRatio?: number;
  /** Lookups the ratio needs before it is judged. @default 20 */
  readonly minLookups?: number;
  /** How many recent lookups the ratio covers. @default 100 */
  readonly window?: number;
}

/**
 * The master's metric set: metadata operations, the metadata cache (hits, misses, evictions,
 * entries, bytes), chunks, client sessions. Prometheus names: `master_metadata_operations_total`,
 * `master_metadata_operation_duration_seconds`, `master_metadata_cache_{hits,misses,evictions}_total`,
 * `master_metadata_cache_entries`, `master_metadata_cache_size_bytes`, `master_chunks`,
 * `master_chunk_replicas`, `master_chunks_{created,deleted}_total`, `master_active_sessions`,
 * `master_session_operations_total`.
 *
 * Concurrency: recording methods are synchronous SDK calls, safe from any async context.
 */
export class MasterMetrics extends ComponentMetrics<MasterState> {
  private readonly metadata: TimedOperations<MasterOperation, OperationStatus>;
  private readonly hits: Counter;
  private readonly misses: Counter;
  private readonly evictions: Counter;
  private readonly created: Counter;
  private readonly deleted: Counter;
  private readonly sessions: Counter;
  private readonly lookups: RecentOutcomes;
  private readonly minHitRatio: number;
  private readonly minLookups: number;
  private evicted = 0;

  constructor(meter: Meter, health: MasterHealthOptions = {}) {
    super(meter, 'MasterMetrics');
    this.minHitRatio = health.minCacheHitRatio ?? 0.5;
    this.minLookups = health.minLookups ?? 20;
    this.lookups = new RecentOutcomes(health.window ?? 100);
    this.metadata = this.timedOperations(
      'metadata',
      'master_metadata_operations',
      'master_metadata_operation_duration_seconds',
    );
    this.hits = this.counter('master_metadata_cache_hits', 'Total metadata cache hits');
    this.misses = this.counter('master_metadata_cache_misses', 'Total metadata cache misses');
    this.evictions = this.counter(
      'master_metadata_cache_evictions',
      'Total metadata cache entries evicted to make room',
    );
    this.created = this.counter('master_chunks_created', 'Total chunks created');
    this.deleted = this.counter('master_chunks_deleted', 'Total chunks deleted');
    this.sessions = this.counter('master_session_operations', 'Total session operations');
  }

  protected gauges(state: MasterState): readonly ComponentGauge[] {
    const g = componentGauge;
    return [
      g('master_metadata_cache_entries', 'Entries in the metadata cache', () =>
        state.cacheEntries(),
      ),
      g(
        'master_metadata_cache_size_bytes',
        'Size of metadata cache in bytes',
        () => state.cacheSizeBytes(),
        'By',
      ),
      g('master_chunks', 'Number of chunks managed', () => state.chunks()),
      g('master_chunk_replicas', 'Number of chunk replicas', () => state.chunkReplicas()),
      g('master_active_sessions', 'Number of active client sessions', () => state.activeSessions()),
    ];
  }

  /** One metadata operation finished with `status`, taking `seconds`. */
  metadataOperation(operation: MasterOperation, status: OperationStatus, seconds: number): void {
    this.metadata.record(operation, status, seconds);
  }

  /**
   * Runs a metadata operation and records it: `success` when it resolves (or the status
   * `statusOf` gives its result), `error` when it throws, which is rethrown.
   */
  timeMetadataOperation<T>(
    operation: MasterOperation,
    run: () => T | Promise<T>,
    statusOf: (result: T) => OperationStatus = () => 'success',
  ): Promise<T> {
    return this.metadata.time(operation, run, statusOf, 'error');
  }

  /** A metadata lookup was answered from the cache. */
  cacheHit(): void {
    this.hits.add(1);
    this.lookups.push(true);
  }

  /** A metadata lookup missed the cache. */
  cacheMiss(): void {
    this.misses.add(1);
    this.lookups.push(false);
  }

  /** The cache evicted an entry to make room (not a deletion). */
  cacheEviction(): void {
    this.evictions.add(1);
    this.evicted++;
  }

  /** `count` chunks were allocated. */
  chunksCreated(count: number): void {
    if (count > 0) this.created.add(count);
  }

  /** `count` chunks were released. */
  chunksDeleted(count: number): void {
    if (count > 0) this.deleted.add(count);
  }

  /** A client session was opened or closed. */
  sessionOperation(operation: SessionOperation, status: OperationStatus): void {
    this.sessions.add(1, this.attributes.get({ operation, status }));
  }

  /**
   * `metadata_cache`: degraded when the hit ratio of the recent lookups falls below the threshold
   * (the file system's `MetadataCacheHitRateLow` alert), judged once enough lookups were seen.
   */
  cacheHealth(): DfsHealth {
    const ratio = this.lookups.goodRatio;
    const details = {
      hitRatio: Math.round(ratio * 1000) / 1000,
      recentLookups: this.lookups.size,
      evictions: this.evicted,
      entries: this.state?.cacheEntries(),
    };
    if (this.lookups.size >= this.minLookups && ratio < this.minHitRatio) {
      return {
        status: 'degraded',
        message: `metadata cache hit ratio ${details.hitRatio} below ${this.minHitRatio}`,
        details,
      };
    }
    return { status: 'healthy', details };
  }

  /**
   * `chunkservers`: unhealthy when fewer chunkservers answer than the replication factor needs,
   * degraded when any registered one does not answer.
   */
  chunkserverHealth(): DfsHealth {
    if (!this.state) return { status: 'unhealthy', message: 'master state not observed yet' };
    const { registered, up } = this.state.chunkservers();
    const details = { registered, up, replicationFactor: this.state.replicationFactor };
    if (up < this.state.replicationFactor) {
      return {
        status: 'unhealthy',
        message: `${up} of ${registered} chunkservers up, fewer than the replication factor`,
        details,
      };
    }
    if (up < registered) {
      return { status: 'degraded', message: `${registered - up} chunkserver(s) down`, details };
    }
    return { status: 'healthy', details };
  }
}
