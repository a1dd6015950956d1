import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidMessageError, type Agent } from './agent.js';

const MAX_BODY_BYTES = 1 << 20;

/** The agent's HTTP API, the way peers and operators reach it. */
export interface AgentApi {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves, on `host:port`:
 * - `POST /messages` with a JSON message (`{"op":"put","key":"k","value":"v"}`, `get`, `delete`);
 * - `PUT /peers/<id>`, `DELETE /peers/<id>`, `GET /peers`;
 * - `GET /healthz`.
 * Bad requests get 4xx with a message naming the problem; the agent keeps serving.
 */
export async function startAgentApi(agent: Agent, host: string, port: number): Promise<AgentApi> {
  const server: Server = createServer((req, res) => {
    route(agent, req, res).catch((error: unknown) => {
      send(res, 500, { error: `internal error: ${(error as Error).message}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function route(agent: Agent, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  if (path === '/messages' && req.method === 'POST') {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return send(res, 400, { error: `body: ${(error as Error).message}` });
    }
    try {
      return send(res, 200, await agent.handle(body));
    } catch (error) {
      if (error instanceof InvalidMessageError) return send(res, 400, { error: error.message });
      throw error;
    }
  }
  const peer = /^\/peers\/([^/]+)$/.exec(path);
  if (peer && req.method === 'PUT') {
    return send(res, 200, { connected: agent.connectPeer(decodeURIComponent(peer[1]!)) });
  }
  if (peer && req.method === 'DELETE') {
    return send(res, 200, { disconnected: agent.disconnectPeer(decodeURIComponent(peer[1]!)) });
  }
  if (path === '/peers' && req.method === 'GET') return send(res, 200, agent.listPeers());
  if (path === '/healthz' && req.method === 'GET') return send(res, 200, { status: 'ok' });
  return send(res, 404, { error: `no route for ${req.method} ${path}` });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
