import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { HealthRegistry, Logger } from '@meterline/plugin';
import { MAX_URL_LENGTH, rejectConnection } from './client-error.js';
import { http, https } from './node-http.js';
import {
  applyConnectionLimits,
  connectionsCheckingInterval,
  resolveConnectionLimits,
  type ConnectionLimits,
} from './connection-limits.js';
import { createHealthHandler } from './health-handler.js';
import type { MetricsHandler } from './scrape-handler.js';
import type { TlsSettings, WebConfig } from './security/web-config.js';

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions extends ConnectionLimits {
  /** What answers at `path`. */
  readonly handler: MetricsHandler;
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Port to bind; 0 picks a free one. @default 9464 */
  readonly port?: number;
  /** Path of the metrics endpoint; every unknown path gets 404. @default '/metrics' */
  readonly path?: string;
  /** Serve `/healthz`, `/readyz` and `/health` (JSON) from this registry. @default none */
  readonly health?: HealthRegistry;
  /** TLS, client certificates, basic auth and headers (exporter-toolkit web-config). @default none */
  readonly webConfig?: WebConfig;
  /** Where request lines and errors go. @default none */
  readonly logger?: Logger;
  /** Log one line per request (client, method, path, status, encoding, ms, user agent). @default false */
  readonly logRequests?: boolean;
  /** How long `close()` lets in-flight requests finish before cutting them. @default 10000 */
  readonly shutdownGraceMs?: number;
}

/** A running standalone metrics server. */
export interface MetricsServer {
  /** The full URL of the metrics endpoint, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to `shutdownGraceMs`), then
   * resolves. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts the standalone server: the metrics handler at `path`, health probes when a registry is
 * given, TLS and basic auth from a web config. Malformed requests get 400, a request head not
 * complete within `headersTimeoutMs` 408, over-long URLs 414, over-large headers 431, wrong
 * credentials 401 with `WWW-Authenticate`; every connection rejected or timed out is destroyed, at
 * most `maxConnections` are open; no request can take the process down.
 * @throws {Error} when the address cannot be bound, naming it.
 * @throws {RangeError} when a connection limit is out of range.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/metrics';
  const routes = new Map<string, MetricsHandler>([[path, options.handler]]);
  if (options.health) {
    routes.set('/healthz', createHealthHandler(options.health, 'live'));
    routes.set('/readyz', createHealthHandler(options.health, 'ready'));
    routes.set('/health', createHealthHandler(options.health, 'summary'));
  }
  const web = options.webConfig;
  // Loaded only with users: bcrypt and its worker pool are no concern of an open endpoint.
  const auth =
    web && web.users.size > 0
      ? new (await import('./security/basic-auth.js')).BasicAuth(web.users)
      : undefined;
  const tls = web?.tls;
  const limits = resolveConnectionLimits(options);
  const checking = { connectionsCheckingInterval: connectionsCheckingInterval(limits) };

  let stopping = false;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    // During shutdown a finished response must not leave its keep-alive connection open.
    res.once('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    if (stopping) res.setHeader('connection', 'close');
    if (options.logRequests && options.logger) {
      const logger = options.logger;
      res.once('finish', () => {
        const ms = (performance.now() - started).toFixed(1);
        const encoding = String(res.getHeader('content-encoding') ?? 'identity');
        const agent = (req.headers['user-agent'] ?? '-').slice(0, 100);
        logger.info(
          `${req.socket.remoteAddress ?? '-'} "${req.method} ${(req.url ?? '').slice(0, 200)}" ${res.statusCode} ${encoding} ${ms}ms "${agent}"`,
        );
      });
    }
    for (const [name, value] of Object.entries(web?.headers ?? {})) res.setHeader(name, value);
    void route(req, res).catch((error: unknown) => {
      options.logger?.error(`metrics server: ${String(error)}`);
      if (!res.headersSent) reply(res, 500, 'internal error\n');
      else res.destroy();
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.length > MAX_URL_LENGTH) return reply(res, 414, 'URL too long\n');
    if (tls && !clientCertificateAccepted(req, tls.clientAuth)) {
      return reply(res, 403, 'client certificate required\n');
    }
    const outcome = auth ? await auth.check(req) : 'ok';
    if (outcome === 'throttled') {
      res.setHeader('retry-after', '1');
      return reply(res, 429, 'too many authentication attempts; try again later\n');
    }
    if (outcome === 'denied') {
      res.setHeader('www-authenticate', 'Basic realm="meterline", charset="UTF-8"');
      return reply(res, 401, 'unauthorized\n');
    }
    const handler = routes.get(url.split('?', 1)[0]!);
    if (!handler) return reply(res, 404, `not found; metrics are served at ${path}\n`);
    handler(req, res);
  };

  const server = tls
    ? createTlsServer(tls, checking, onRequest)
    : http.createServer(checking, onRequest);
  applyConnectionLimits(server, limits);
  // Malformed and timed-out requests never reach a handler: answer them and destroy the socket.
  server.on('clientError', rejectConnection);

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          `metrics server cannot listen on ${host}:${options.port ?? 9464}: ${error.code ?? error.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 9464, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => options.logger?.error(`metrics server: ${error.message}`));
  const { port } = server.address() as AddressInfo;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const grace = options.shutdownGraceMs ?? 10_000;
  let closing: Promise<void> | undefined;
  return {
    url: `${tls ? 'https' : 'http'}://${hostForUrl}:${port}${path}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopping = true;
        const cut = setTimeout(() => server.closeAllConnections(), grace);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          if (auth) void auth.close().finally(resolve);
          else resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/**
 * The HTTPS server for `tls`. @throws {Error} naming the web config's cert/key (not their
 * contents) when OpenSSL refuses them, for a `WebConfig` built without {@link loadWebConfig}.
 */
function createTlsServer(
  tls: TlsSettings,
  checking: { connectionsCheckingInterval: number },
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
) {
  try {
    return https().createServer(
      {
        cert: tls.cert,
        key: tls.key,
        ca: tls.ca,
        minVersion: tls.minVersion,
        maxVersion: tls.maxVersion,
        requestCert: tls.clientAuth !== 'NoClientCert',
        rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
        ...checking,
      },
      onRequest,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Error(
      `metrics server cannot use the web config's tls_server_config cert_file/key_file (${code}); check that the key is an unencrypted PEM key matching the certificate`,
    );
  }
}

function clientCertificateAccepted(req: IncomingMessage, mode: string): boolean {
  const socket = req.socket as TLSSocket;
  if (mode === 'RequireAnyClientCert') return Object.keys(socket.getPeerCertificate()).length > 0;
  if (mode === 'VerifyClientCertIfGiven') {
    const given = Object.keys(socket.getPeerCertificate()).length > 0;
    return !given || socket.authorized;
  }
  return true;
}

function reply(res: ServerResponse, status: number, body: string) {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(body);
}
