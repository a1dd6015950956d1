import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HealthReport } from '@meterline/sdk';
import { listen, sendJson } from '@meterline/demo-http';
import type { Replicator } from './replicator.js';

/** Serves a Prometheus scrape. */
export type ScrapeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Paths of the replicator's own HTTP port. */
export const PATHS = {
  metrics: '/metrics',
  healthSummary: '/health/summary',
  sync: '/api/v1/sync',
  status: '/api/v1/status',
} as const;

/** Options of {@link startReplicatorApi}. */
export interface ReplicatorApiOptions {
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Port to bind; 0 picks a free one. @default 9470 */
  readonly port?: number;
  /** Answers `GET /metrics`; without it the path answers 404. @default none */
  readonly metricsHandler?: ScrapeHandler;
  /** Runs every health check: the SDK registry's `run()`. */
  readonly runHealth: () => Promise<HealthReport>;
}

/** The running server. */
export interface ReplicatorApi {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The replicator's HTTP port: `GET /metrics` (Prometheus), `GET /health/summary` (the seed's
 * summary endpoint: every check's status, message and details as JSON; 200 while ready, 503
 * when a readiness check is unhealthy), `POST /api/v1/sync` (run a cycle now, answer its report)
 * and `GET /api/v1/status` (per-type state, queue, quota).
 */
export async function startReplicatorApi(
  replicator: Replicator,
  options: ReplicatorApiOptions,
): Promise<ReplicatorApi> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    handle(replicator, options, req, res).catch((error: unknown) => {
      sendJson(res, 500, { error: `internal error: ${(error as Error).message}` });
    });
  });
  return listen(server, 'replicator', host, options.port ?? 9470);
}

async function handle(
  replicator: Replicator,
  options: ReplicatorApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  const route = `${req.method ?? 'GET'} ${path}`;
  if (path === PATHS.metrics && options.metricsHandler) return options.metricsHandler(req, res);
  switch (route) {
    case `GET ${PATHS.healthSummary}`: {
      const report = await options.runHealth();
      return sendJson(res, report.ready ? 200 : 503, report);
    }
    case `POST ${PATHS.sync}`:
      return sendJson(res, 200, await replicator.syncOnce());
    case `GET ${PATHS.status}`:
      return sendJson(res, 200, {
        queueSize: replicator.queueSize,
        types: replicator.typeStates(),
        quota: replicator.quota ?? null,
      });
    default:
      return sendJson(res, 404, { error: `no route for ${route}` });
  }
}
