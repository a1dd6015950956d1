import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsHandler } from './reader.js';

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** What answers at `path`. */
  readonly handler: MetricsHandler;
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Port to bind; 0 picks a free one. @default 9464 */
  readonly port?: number;
  /** Path the handler answers at; every other path gets 404. @default '/metrics' */
  readonly path?: string;
}

/** A running standalone metrics server. */
export interface MetricsServer {
  /** The full URL of the endpoint, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and resolves once open ones are closed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a small HTTP server that serves `handler` at `path`. Resolves once listening; rejects
 * with the bind error (a port in use names the address).
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/metrics';
  const server: Server = createServer((req, res) => {
    const target = (req.url ?? '/').split('?', 1)[0];
    if (target === path) {
      options.handler(req, res);
      return;
    }
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`not found; metrics are served at ${path}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          `metrics server cannot listen on ${host}:${options.port ?? 9464}: ${error.code ?? error.message}`,
        ),
      );
    });
    server.listen(options.port ?? 9464, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}${path}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
