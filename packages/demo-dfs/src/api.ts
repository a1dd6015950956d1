import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { HttpError, listen, readBytes, sendJson as send } from '@meterline/demo-http';
import type { DfsCluster } from './cluster.js';
import { FileExistsError, NoBackupError, PlacementError } from './errors.js';

const MAX_FILE_BYTES = 16 << 20;

/** The file system's HTTP API, the way the demo is driven. */
export interface DfsApi {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves, on `host:port`:
 * - `PUT /files/<path>` (raw body, ≤ 16 MiB) → 201 with the chunk placement; 409 if it exists;
 * - `GET /files/<path>` → the bytes; `DELETE /files/<path>`; `GET /files` → every path;
 * - `POST /metalogger/backup` → `{bytes}`; `POST /metalogger/recover` → `{files, replayed,
 *   consistent}` (409 without a backup);
 * - `POST /chunkservers/<name>/down` and `/up`: take a chunkserver out and back.
 * Bad requests get 4xx naming the problem; the file system keeps serving.
 */
export async function startDfsApi(
  cluster: DfsCluster,
  host: string,
  port: number,
): Promise<DfsApi> {
  const server = createServer((req, res) => {
    route(cluster, req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, { error: error.message });
      send(res, 500, { error: `internal error: ${(error as Error).message}` });
    });
  });
  const listening = await listen(server, 'dfs api', host, port);
  return { url: listening.url, close: () => listening.close() };
}

async function route(cluster: DfsCluster, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  const file = /^\/files\/(.+)$/.exec(path);
  if (file) {
    let name: string;
    try {
      name = decodeURIComponent(file[1]!);
    } catch {
      return send(res, 400, { error: 'path: not valid percent-encoding' });
    }
    if (req.method === 'PUT') {
      const body = await readBytes(req, MAX_FILE_BYTES);
      try {
        const meta = await cluster.client.writeFile(name, body);
        return send(res, 201, meta);
      } catch (error) {
        if (error instanceof FileExistsError) return send(res, 409, { error: error.message });
        if (error instanceof PlacementError) return send(res, 503, { error: error.message });
        throw error;
      }
    }
    if (req.method === 'GET') {
      const data = await cluster.client.readFile(name);
      if (!data) return send(res, 404, { error: `no file ${name}` });
      res.statusCode = 200;
      res.setHeader('content-type', 'application/octet-stream');
      return res.end(data);
    }
    if (req.method === 'DELETE') {
      const deleted = await cluster.client.deleteFile(name);
      return deleted
        ? send(res, 200, { deleted: name })
        : send(res, 404, { error: `no file ${name}` });
    }
  }
  if (path === '/files' && req.method === 'GET') return send(res, 200, await cluster.master.list());
  if (path === '/metalogger/backup' && req.method === 'POST') {
    return send(res, 200, { bytes: await cluster.metalogger.backup() });
  }
  if (path === '/metalogger/recover' && req.method === 'POST') {
    try {
      const recovery = await cluster.metalogger.recover();
      const current = cluster.master.snapshot();
      const consistent =
        recovery.files.size === current.size &&
        [...current].every(
          ([p, meta]) => JSON.stringify(recovery.files.get(p)) === JSON.stringify(meta),
        );
      return send(res, 200, {
        files: recovery.files.size,
        snapshotSeq: recovery.snapshotSeq,
        replayed: recovery.replayed,
        consistent,
      });
    } catch (error) {
      if (error instanceof NoBackupError) return send(res, 409, { error: error.message });
      throw error;
    }
  }
  const toggle = /^\/chunkservers\/([^/]+)\/(up|down)$/.exec(path);
  if (toggle && req.method === 'POST') {
    const server = cluster.chunkservers.find((c) => c.name === toggle[1]);
    if (!server) return send(res, 404, { error: `no chunkserver ${toggle[1]}` });
    server.setServing(toggle[2] === 'up');
    return send(res, 200, { name: server.name, serving: server.isServing });
  }
  return send(res, 404, { error: `no route for ${req.method} ${path}` });
}
