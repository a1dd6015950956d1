import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { HttpError, listen, readJson, sendJson } from '@meterline/demo-http';
import { InvalidMessageError, type Agent } from './agent.js';

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
  const server = createServer((req, res) => {
    route(agent, req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
      if (error instanceof InvalidMessageError) return sendJson(res, 400, { error: error.message });
      if (error instanceof URIError) return sendJson(res, 400, { error: `path: ${error.message}` });
      sendJson(res, 500, { error: `internal error: ${(error as Error).message}` });
    });
  });
  const listening = await listen(server, 'storage agent api', host, port);
  return { url: listening.url, close: () => listening.close() };
}

async function route(agent: Agent, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  if (path === '/messages' && req.method === 'POST') {
    return sendJson(res, 200, await agent.handle(await readJson(req)));
  }
  const peer = /^\/peers\/([^/]+)$/.exec(path);
  if (peer && req.method === 'PUT') {
    return sendJson(res, 200, { connected: agent.connectPeer(decodeURIComponent(peer[1]!)) });
  }
  if (peer && req.method === 'DELETE') {
    return sendJson(res, 200, { disconnected: agent.disconnectPeer(decodeURIComponent(peer[1]!)) });
  }
  if (path === '/peers' && req.method === 'GET') return sendJson(res, 200, agent.listPeers());
  if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
  return sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
}
