import type { MasterMetrics } from '@meterline/instrumentation-dfs';
import { LRUCache } from 'lru-cache';
import { FileExistsError, PlacementError } from './errors.js';
import { metaSize, type ChunkPlacement, type FileMeta, type MetadataChange } from './metadata.js';

/** Options of the {@link Master}. */
export interface MasterOptions {
  /** Entries the metadata cache holds before evicting the least recently used. @default 1024 */
  readonly cacheEntries?: number;
  /** Bytes per chunk. @default 65536 */
  readonly chunkSize?: number;
  /** Replicas per chunk. @default 2 */
  readonly replicationFactor?: number;
}

/** What the master needs to know of a chunkserver: its name and whether it answers. */
export interface ChunkServerView {
  readonly name: string;
  readonly isServing: boolean;
}

/**
 * The master: owns the file system's metadata (a store of every file, with an LRU cache in front
 * for lookups), allocates chunks and places their replicas on the chunkservers that answer, keeps
 * client sessions, and hands every metadata change to `onChange` (the metalogger) in order.
 *
 * Placement is deterministic: chunk `id`'s replicas go to the serving chunkservers at positions
 * `(id - 1) % n`, `id % n`, … of the list given to the constructor.
 */
export class Master {
  readonly chunkSize: number;
  readonly replicationFactor: number;
  private readonly store = new Map<string, FileMeta>();
  private readonly cache: LRUCache<string, FileMeta>;
  private readonly sessions = new Set<number>();
  private nextChunkId = 1;
  private nextSession = 1;
  private nextSeq = 1;
  private chunkCount = 0;

  constructor(
    private readonly metrics: MasterMetrics,
    private readonly chunkservers: readonly ChunkServerView[],
    private readonly onChange: (change: MetadataChange) => void,
    options: MasterOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? 65536;
    this.replicationFactor = options.replicationFactor ?? 2;
    this.cache = new LRUCache<string, FileMeta>({
      max: options.cacheEntries ?? 1024,
      maxEntrySize: 1 << 20,
      sizeCalculation: metaSize,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') metrics.cacheEviction();
      },
    });
    metrics.observe({
      cacheEntries: () => this.cache.size,
      cacheSizeBytes: () => this.cache.calculatedSize,
      chunks: () => this.chunkCount,
      chunkReplicas: () => this.chunkCount * this.replicationFactor,
      activeSessions: () => this.sessions.size,
      chunkservers: () => ({
        registered: this.chunkservers.length,
        up: this.chunkservers.filter((c) => c.isServing).length,
      }),
      replicationFactor: this.replicationFactor,
    });
  }

  /** Opens a client session; returns its id. */
  openSession(): number {
    const id = this.nextSession++;
    this.sessions.add(id);
    this.metrics.sessionOperation('open', 'success');
    return id;
  }

  /** Closes a client session; false when it was not open. */
  closeSession(id: number): boolean {
    const closed = this.sessions.delete(id);
    this.metrics.sessionOperation('close', closed ? 'success' : 'not_found');
    return closed;
  }

  /**
   * Creates a file of `size` bytes: allocates its chunks, places their replicas, stores and caches
   * the metadata and logs the change.
   * @throws {FileExistsError} when the path exists; {@link PlacementError} without enough servers.
   */
  createFile(path: string, size: number): Promise<FileMeta> {
    return this.metrics.timeMetadataOperation('create', () => {
      if (this.store.has(path)) throw new FileExistsError(path);
      const serving = this.chunkservers.filter((c) => c.isServing).map((c) => c.name);
      if (serving.length < this.replicationFactor) {
        throw new PlacementError(
          `${serving.length} chunkservers serving, ${this.replicationFactor} replicas needed`,
        );
      }
      const chunks: ChunkPlacement[] = [];
      for (let offset = 0; offset < size || chunks.length === 0; offset += this.chunkSize) {
        const id = this.nextChunkId++;
        const servers = Array.from(
          { length: this.replicationFactor },
          (_, r) => serving[(id - 1 + r) % serving.length]!,
        );
        chunks.push({ id, size: Math.min(this.chunkSize, size - offset), servers });
      }
      const meta: FileMeta = { path, size, chunks };
      this.store.set(path, meta);
      this.cache.set(path, meta);
      this.chunkCount += chunks.length;
      this.metrics.chunksCreated(chunks.length);
      this.onChange({ seq: this.nextSeq++, kind: 'create', meta, at: process.hrtime.bigint() });
      return meta;
    });
  }

  /** A file's metadata, from the cache when it holds it; undefined when there is no such file. */
  lookup(path: string): Promise<FileMeta | undefined> {
    return this.metrics.timeMetadataOperation(
      'lookup',
      () => {
        const cached = this.cache.get(path);
        if (cached) {
          this.metrics.cacheHit();
          return cached;
        }
        this.metrics.cacheMiss();
        const stored = this.store.get(path);
        if (stored) this.cache.set(path, stored);
        return stored;
      },
      (meta) => (meta ? 'success' : 'not_found'),
    );
  }

  /** Deletes a file's metadata and releases its chunks; resolves to what was deleted. */
  deleteFile(path: string): Promise<FileMeta | undefined> {
    return this.metrics.timeMetadataOperation(
      'delete',
      () => {
        const meta = this.store.get(path);
        if (!meta) return undefined;
        this.store.delete(path);
        this.cache.delete(path);
        this.chunkCount -= meta.chunks.length;
        this.metrics.chunksDeleted(meta.chunks.length);
        this.onChange({ seq: this.nextSeq++, kind: 'delete', path, at: process.hrtime.bigint() });
        return meta;
      },
      (meta) => (meta ? 'success' : 'not_found'),
    );
  }

  /** Every path, sorted. */
  list(): Promise<string[]> {
    return this.metrics.timeMetadataOperation('list', () => [...this.store.keys()].sort());
  }

  /** A copy of the whole metadata (for checking a recovery against it). */
  snapshot(): Map<string, FileMeta> {
    return new Map(this.store);
  }
}
