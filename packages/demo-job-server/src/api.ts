import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpMetrics } from '@meterline/instrumentation-job-server';
import { HttpError, intParam, listen, readJson, sendJson } from '@meterline/demo-http';
import type { JobServer } from './job-server.js';
import {
  InvalidRequestError,
  heartbeatSchema,
  parseRequest,
  registerWorkerSchema,
  submitJobSchema,
} from './requests.js';
import type { JobState } from './scheduler.js';

/** Serves a Prometheus scrape; mounted at {@link METRICS_PATH}. */
export type ScrapeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Where the metrics are served, on the API's own port (the seed's endpoint). */
export const METRICS_PATH = '/api/v1/metrics';

/** Options of {@link startJobServerApi}. */
export interface JobServerApiOptions {
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Port to bind; 0 picks a free one. @default 8081 */
  readonly port?: number;
  /** Answers `GET /api/v1/metrics`; without it the path answers 404. @default none */
  readonly metricsHandler?: ScrapeHandler;
}

/** The running API. */
export interface JobServerApi {
  /** `http://<host>:<port>`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections; resolves once open ones are closed. Idempotent. */
  close(): Promise<void>;
}

type Handler = (
  server: JobServer,
  req: IncomingMessage,
  params: readonly string[],
  query: URLSearchParams,
) => Promise<[number, unknown]> | [number, unknown];

interface Route {
  readonly method: string;
  /** The `endpoint` label: the template, never the raw path. */
  readonly endpoint: string;
  readonly pattern: RegExp;
  readonly handle: Handler;
}

const JOB_STATES: readonly JobState[] = ['queued', 'running', 'completed', 'failed'];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const ROUTES: readonly Route[] = [
  route('GET', '/health', () => [200, { status: 'ok' }]),
  route('POST', '/api/v1/jobs', async (s, req) => [
    201,
    s.scheduler.submit(parseRequest(submitJobSchema, await readJson(req))),
  ]),
  route('GET', '/api/v1/jobs', (s, _req, _p, query) => {
    const state = query.get('state') ?? undefined;
    if (state !== undefined && !JOB_STATES.includes(state as JobState)) {
      throw new HttpError(400, `query state: expected one of ${JOB_STATES.join(', ')}`);
    }
    const limit = intParam(query, 'limit', 100, 1, 10_000);
    const filter = { tenantId: query.get('tenantId') ?? undefined, state: state as JobState };
    return [200, s.scheduler.list({ ...filter, limit })];
  }),
  route('GET', '/api/v1/jobs/:id', (s, _req, [id]) => {
    const job = s.scheduler.get(id!);
    if (!job) throw new HttpError(404, `job ${id} not found`);
    return [200, job];
  }),
  route('POST', '/api/v1/workers', async (s, req) => {
    const { worker, created } = s.workers.register(
      parseRequest(registerWorkerSchema, await readJson(req)),
    );
    return [created ? 201 : 200, worker];
  }),
  route('GET', '/api/v1/workers', (s) => [200, s.workers.list()]),
  route('POST', '/api/v1/workers/:id/heartbeat', async (s, req, [id]) => {
    const request = parseRequest(heartbeatSchema, await readJson(req));
    const worker = s.workers.heartbeat(id!, request);
    if (!worker) throw new HttpError(404, `worker ${id} is not registered`);
    return [200, worker];
  }),
  route('GET', '/api/v1/cluster/stats', (s) => [200, s.scheduler.clusterStats()]),
  route('GET', '/api/v1/events', (s, _req, _p, query) => [
    200,
    s.log.recent(intParam(query, 'limit', 100, 1, 1000)),
  ]),
];

/**
 * Serves the job server's HTTP API and, on the same port, its metrics at `/api/v1/metrics`.
 * Every API request is counted in `hodei_http_requests_total{method, endpoint, status_code}` and
 * timed in `hodei_http_request_duration_seconds` once its response is sent; scrapes of the metrics
 * endpoint are not (they would make every scrape change what it reports). Bad requests get 4xx
 * with a message naming the field; the server keeps serving.
 */
export async function startJobServerApi(
  server: JobServer,
  metrics: HttpMetrics,
  options: JobServerApiOptions = {},
): Promise<JobServerApi> {
  const host = options.host ?? '127.0.0.1';
  const http: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    if (path === METRICS_PATH && options.metricsHandler) {
      options.metricsHandler(req, res);
      return;
    }
    const started = process.hrtime.bigint();
    const method = METHODS.has(req.method ?? '') ? req.method! : 'OTHER';
    let endpoint = 'unmatched';
    res.once('close', () => {
      metrics.request(
        method,
        endpoint,
        res.statusCode,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    void dispatch(server, req, res, path, (matched) => (endpoint = matched));
  });
  return listen(http, 'job-server api', host, options.port ?? 8081);
}

async function dispatch(
  server: JobServer,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  setEndpoint: (endpoint: string) => void,
): Promise<void> {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const candidates = ROUTES.map((r) => ({ r, match: r.pattern.exec(path) })).filter((c) => c.match);
  if (candidates.length === 0) return sendJson(res, 404, { error: `no route for ${path}` });
  setEndpoint(candidates[0]!.r.endpoint);
  const chosen = candidates.find((c) => c.r.method === req.method);
  if (!chosen) {
    res.setHeader('allow', candidates.map((c) => c.r.method).join(', '));
    return sendJson(res, 405, { error: `method ${req.method ?? '?'} not allowed on ${path}` });
  }
  setEndpoint(chosen.r.endpoint);
  try {
    const params = chosen.match!.slice(1).map(decodeURIComponent);
    const [status, body] = await chosen.r.handle(server, req, params, query);
    sendJson(res, status, body);
  } catch (error) {
    if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
    if (error instanceof InvalidRequestError) return sendJson(res, 400, { error: error.message });
    if (error instanceof URIError) return sendJson(res, 400, { error: `path: ${error.message}` });
    sendJson(res, 500, { error: `internal error: ${(error as Error).message}` });
  }
}

function route(method: string, endpoint: string, handle: Handler): Route {
  const pattern = new RegExp(`^${endpoint.replace(/:[a-z]+/g, '([^/]+)')}$`);
  return { method, endpoint, pattern, handle };
}
