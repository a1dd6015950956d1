import { mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkServerMetrics } from '@meterline/instrumentation-dfs';
import { UnavailableError } from './errors.js';

/** Thrown when a chunk does not fit in the capacity left. */
export class DiskFullError extends Error {}

/**
 * A chunkserver: stores chunks as files in its own directory and accounts for the space they take
 * against a fixed capacity. Every chunk operation is recorded through its `ChunkServerMetrics`. A
 * chunkserver taken down (`setServing(false)`) refuses requests with {@link UnavailableError}
 * before doing anything, the way a dead server never sees them: those are not its operations.
 */
export class ChunkServer {
  private serving = true;
  private readonly sizes = new Map<number, number>();
  private bytes = 0;

  private constructor(
    readonly name: string,
    private readonly directory: string,
    private readonly capacity: number,
    private readonly metrics: ChunkServerMetrics,
  ) {
    metrics.observe({
      chunksStored: () => this.sizes.size,
      storageBytes: () => this.bytes,
      capacityBytes: () => this.capacity,
      serving: () => this.serving,
    });
  }

  /** Creates the directory and starts empty. */
  static async open(
    name: string,
    directory: string,
    capacityBytes: number,
    metrics: ChunkServerMetrics,
  ): Promise<ChunkServer> {
    await mkdir(directory, { recursive: true });
    return new ChunkServer(name, directory, capacityBytes, metrics);
  }

  get isServing(): boolean {
    return this.serving;
  }

  /** Takes the server down (false) or back up (true). Stored chunks stay. */
  setServing(serving: boolean): void {
    this.serving = serving;
  }

  /** Stores one chunk. @throws {DiskFullError} when it does not fit. */
  async write(id: number, data: Uint8Array): Promise<void> {
    this.ensureServing();
    await this.metrics.timeChunkOperation(
      'write',
      async () => {
        const previous = this.sizes.get(id) ?? 0;
        if (this.bytes - previous + data.length > this.capacity) {
          throw new DiskFullError(`${this.name}: chunk ${id} (${data.length} bytes) does not fit`);
        }
        // Reserve before the await, so concurrent writes cannot overshoot the capacity.
        this.sizes.set(id, data.length);
        this.bytes += data.length - previous;
        try {
          await writeFile(this.pathOf(id), data);
        } catch (error) {
          this.sizes.delete(id);
          this.bytes -= data.length;
          throw error;
        }
      },
      () => ({ status: 'success', bytes: data.length }),
    );
  }

  /** Reads one chunk; undefined when this server does not hold it. */
  async read(id: number): Promise<Buffer | undefined> {
    this.ensureServing();
    return this.metrics.timeChunkOperation(
      'read',
      async () => (this.sizes.has(id) ? await readFile(this.pathOf(id)) : undefined),
      (data) =>
        data ? { status: 'success', bytes: data.length } : { status: 'not_found', bytes: 0 },
    );
  }

  /** Deletes one chunk; false when this server did not hold it. */
  async delete(id: number): Promise<boolean> {
    this.ensureServing();
    return this.metrics.timeChunkOperation(
      'delete',
      async () => {
        const size = this.sizes.get(id);
        if (size === undefined) return false;
        this.sizes.delete(id);
        this.bytes -= size;
        await unlink(this.pathOf(id));
        return true;
      },
      (existed) => ({ status: existed ? 'success' : 'not_found', bytes: 0 }),
    );
  }

  /** Removes its directory (the demo keeps chunks only while it runs). */
  async destroy(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }

  private ensureServing(): void {
    if (!this.serving) throw new UnavailableError(this.name);
  }

  private pathOf(id: number): string {
    return join(this.directory, `chunk-${id}`);
  }
}
