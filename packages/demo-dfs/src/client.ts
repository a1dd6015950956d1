import type { ClientMetrics } from '@meterline/instrumentation-dfs';
import type { ChunkServer } from './chunkserver.js';
import { UnavailableError } from './errors.js';
import type { Master } from './master.js';
import type { FileMeta } from './metadata.js';

/** Thrown when no replica of a chunk could be written or read. */
export class ChunkTransferError extends Error {}

/**
 * A file system client: holds a session with the master, splits files into chunks and writes each
 * chunk to every chunkserver of its placement, reads each chunk from the first replica that
 * answers (failing over to the next), and deletes a file's chunks after its metadata.
 *
 * A chunkserver that does not answer counts in `client_connection_errors_total{target}`; an
 * operation fails only when no replica of a chunk could be reached.
 */
export class DfsClient {
  private session: number | undefined;

  constructor(
    private readonly master: Master,
    private readonly chunkservers: ReadonlyMap<string, ChunkServer>,
    private readonly metrics: ClientMetrics,
  ) {
    metrics.observe({
      masterConnections: () => (this.session === undefined ? 0 : 1),
      chunkserverConnections: () => [...chunkservers.values()].filter((c) => c.isServing).length,
    });
  }

  /** Opens the session with the master. Idempotent. */
  connect(): void {
    this.session ??= this.master.openSession();
  }

  /** Closes the session. Idempotent. */
  close(): void {
    if (this.session !== undefined) this.master.closeSession(this.session);
    this.session = undefined;
  }

  /**
   * Writes a new file. When a chunk cannot be stored (no replica reachable, a disk full) the
   * replicas already stored and the metadata are removed again.
   * @throws {FileExistsError} for an existing path; {@link ChunkTransferError}; `PlacementError`.
   */
  writeFile(path: string, data: Uint8Array): Promise<FileMeta> {
    return this.metrics.timeFileOperation('write', async () => {
      const meta = await this.master.createFile(path, data.length);
      const written: { server: string; id: number }[] = [];
      let offset = 0;
      try {
        for (const chunk of meta.chunks) {
          const bytes = data.subarray(offset, offset + chunk.size);
          offset += chunk.size;
          const stored = await Promise.allSettled(
            chunk.servers.map(async (server) => {
              if (await this.writeReplica(server, chunk.id, bytes)) {
                written.push({ server, id: chunk.id });
                return true;
              }
              return false;
            }),
          );
          const failure = stored.find((r) => r.status === 'rejected');
          if (failure) throw (failure as PromiseRejectedResult).reason;
          if (!stored.some((r) => r.status === 'fulfilled' && r.value)) {
            throw new ChunkTransferError(
              `no replica of chunk ${chunk.id} of ${path} could be written`,
            );
          }
        }
      } catch (error) {
        // Roll back: the replicas already stored, then the metadata.
        await Promise.all(written.map((w) => this.deleteReplica(w.server, w.id)));
        await this.master.deleteFile(path);
        throw error;
      }
      return meta;
    });
  }

  /** Reads a whole file; undefined when there is no such file. @throws {ChunkTransferError} */
  readFile(path: string): Promise<Buffer | undefined> {
    return this.metrics.timeFileOperation(
      'read',
      async () => {
        const meta = await this.master.lookup(path);
        if (!meta) return undefined;
        const parts: Buffer[] = [];
        for (const chunk of meta.chunks)
          parts.push(await this.readChunk(path, chunk.id, chunk.servers));
        return Buffer.concat(parts);
      },
      (data) => (data ? 'success' : 'not_found'),
    );
  }

  /** Deletes a file and its chunks; false when there is no such file. */
  deleteFile(path: string): Promise<boolean> {
    return this.metrics.timeFileOperation(
      'delete',
      async () => {
        const meta = await this.master.deleteFile(path);
        if (!meta) return false;
        for (const chunk of meta.chunks) {
          await Promise.all(chunk.servers.map((s) => this.deleteReplica(s, chunk.id)));
        }
        return true;
      },
      (deleted) => (deleted ? 'success' : 'not_found'),
    );
  }

  private async writeReplica(server: string, id: number, bytes: Uint8Array): Promise<boolean> {
    try {
      await this.server(server).write(id, bytes);
      this.metrics.chunkWritten(bytes.length);
      return true;
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      this.metrics.connectionError('unavailable', server);
      return false;
    }
  }

  private async readChunk(path: string, id: number, servers: readonly string[]): Promise<Buffer> {
    for (const server of servers) {
      try {
        const data = await this.server(server).read(id);
        if (data) {
          this.metrics.chunkRead(data.length);
          return data;
        }
      } catch (error) {
        if (!(error instanceof UnavailableError)) throw error;
        this.metrics.connectionError('unavailable', server);
      }
    }
    throw new ChunkTransferError(`no replica of chunk ${id} of ${path} could be read`);
  }

  private async deleteReplica(server: string, id: number): Promise<void> {
    try {
      await this.server(server).delete(id);
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      // The replica stays on the server as garbage; the metadata is gone either way.
      this.metrics.connectionError('unavailable', server);
    }
  }

  private server(name: string): ChunkServer {
    const server = this.chunkservers.get(name);
    if (!server) throw new Error(`unknown chunkserver ${name}`);
    return server;
  }
}
