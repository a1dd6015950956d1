import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HttpError, listen, readJson, sendJson } from '@meterline/demo-http';
import { QuotaExceededError, type RegistryStore } from './registry-store.js';
import { RESOURCE_TYPES, isResourceType, type ResourceType } from './resources.js';

/** A running registry. */
export interface RegistryServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly store: RegistryStore;
  close(): Promise<void>;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/**
 * Serves `store` as a small Harbor-like registry on `host:port` (0 picks a free port):
 * - `GET /api/v2.0/health`, `GET /api/v2.0/quota` (`{used, limit}`);
 * - `GET /api/v2.0/resources/<type>`, `GET|PUT|DELETE /api/v2.0/resources/<type>/<name>`, where
 *   PUT takes `{"spec": {...}}` and answers 201 (created) or 200, and 403 past the quota;
 * - demo controls: `PUT /admin/outage` `{"down": true}` makes every API call answer 503,
 *   `PUT /admin/quota` `{"limit": 10}` changes the quota.
 */
export async function startRegistryServer(
  store: RegistryStore,
  host: string,
  port: number,
): Promise<RegistryServer> {
  const server: Server = createServer((req, res) => {
    route(store, req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
      if (error instanceof URIError) return sendJson(res, 400, { error: `path: ${error.message}` });
      sendJson(res, 500, { error: `internal error: ${(error as Error).message}` });
    });
  });
  const listening = await listen(server, 'registry', host, port);
  return { url: listening.url, store, close: () => listening.close() };
}

async function route(store: RegistryStore, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  const method = req.method ?? 'GET';
  if (path === '/admin/outage' && method === 'PUT') {
    const { down } = (await readJson(req)) as { down?: unknown };
    if (typeof down !== 'boolean') throw new HttpError(400, 'body.down: expected a boolean');
    store.down = down;
    return sendJson(res, 200, { down });
  }
  if (path === '/admin/quota' && method === 'PUT') {
    const { limit } = (await readJson(req)) as { limit?: unknown };
    if (!Number.isInteger(limit) || (limit as number) < 0) {
      throw new HttpError(400, 'body.limit: expected a non-negative integer');
    }
    store.quota = limit as number;
    return sendJson(res, 200, { used: store.used, limit: store.quota });
  }
  if (!path.startsWith('/api/v2.0/')) throw new HttpError(404, `no route for ${method} ${path}`);
  if (store.down) throw new HttpError(503, 'registry unavailable');
  if (path === '/api/v2.0/health' && method === 'GET')
    return sendJson(res, 200, { status: 'healthy' });
  if (path === '/api/v2.0/quota' && method === 'GET') {
    return sendJson(res, 200, { used: store.used, limit: store.quota });
  }
  const match = /^\/api\/v2\.0\/resources\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!match) throw new HttpError(404, `no route for ${method} ${path}`);
  const type = resourceType(match[1]!);
  if (match[2] === undefined) {
    if (method !== 'GET') throw new HttpError(405, `method ${method} not allowed on ${path}`);
    return sendJson(res, 200, store.list(type));
  }
  const name = decodeURIComponent(match[2]);
  if (!NAME.test(name)) throw new HttpError(400, `name: expected ${NAME.source}, got "${name}"`);
  switch (method) {
    case 'GET': {
      const resource = store.get(type, name);
      if (!resource) throw new HttpError(404, `${type} ${name} not found`);
      return sendJson(res, 200, resource);
    }
    case 'PUT': {
      const { spec } = (await readJson(req)) as { spec?: unknown };
      if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
        throw new HttpError(400, 'body.spec: expected a JSON object');
      }
      try {
        const { resource, created } = store.put(type, name, spec as Record<string, unknown>);
        return sendJson(res, created ? 201 : 200, resource);
      } catch (error) {
        if (error instanceof QuotaExceededError) throw new HttpError(403, error.message);
        throw error;
      }
    }
    case 'DELETE':
      if (!store.delete(type, name)) throw new HttpError(404, `${type} ${name} not found`);
      res.statusCode = 204;
      return res.end();
    default:
      throw new HttpError(405, `method ${method} not allowed on ${path}`);
  }
}

function resourceType(value: string): ResourceType {
  if (!isResourceType(value)) {
    throw new HttpError(
      404,
      `unknown resource type "${value}" (one of ${RESOURCE_TYPES.join(', ')})`,
    );
  }
  return value;
}
