import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request that went through a {@link ScrapeRecorder}, and what the target answered. */
export interface RecordedScrape {
  readonly userAgent: string;
  /** The scraper's `Accept` header, verbatim ('' when absent). */
  readonly accept: string;
  readonly status: number;
  /** The target's `Content-Type`, verbatim ('' when absent). */
  readonly contentType: string;
  readonly contentEncoding: string;
}

/** A loopback reverse proxy in front of one metrics endpoint that records each exchange. */
export interface ScrapeRecorder {
  /** The URL to scrape instead of the target's: same scheme and path, the recorder's port. */
  readonly url: string;
  /** Every exchange so far, oldest first. */
  readonly scrapes: readonly RecordedScrape[];
  stop(): Promise<void>;
}

/** TLS for a recorder in front of an https target: it serves `cert`/`key`, trusts `ca` upstream. */
export interface RecorderTls {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

/**
 * Starts a recorder on a free loopback port that forwards every request as is (method, path,
 * headers, among them `Accept`, `Accept-Encoding` and `Authorization`), each on a new connection, to
 * `target`'s origin and
 * streams the answer back unchanged (status, headers, body, compressed or not), recording the
 * request's `Accept` and `User-Agent` and the answer's status, `Content-Type` and
 * `Content-Encoding`. For an https target pass `tls`: the recorder then speaks https too.
 */
export async function startScrapeRecorder(
  target: string,
  tls?: RecorderTls,
): Promise<ScrapeRecorder> {
  const upstream = new URL(target);
  const secure = upstream.protocol === 'https:';
  if (secure && !tls) throw new Error(`startScrapeRecorder(${target}): https target needs tls`);
  const ca = tls ? readFileSync(tls.ca) : undefined;
  const scrapes: RecordedScrape[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const record = (status: number, contentType: string, contentEncoding: string) =>
      scrapes.push({
        userAgent: req.headers['user-agent'] ?? '',
        accept: req.headers.accept ?? '',
        status,
        contentType,
        contentEncoding,
      });
    const options = {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
      // A fresh upstream connection per request: a keep-alive connection the recorder held open
      // would be one more client a target has to see off when it shuts down (demo-http's close()
      // drops idle connections once, so a connection busy at that moment and reused every second
      // keeps the replicator from stopping).
      agent: false,
      ...(secure ? { ca } : {}),
    };
    const out = (secure ? httpsRequest : httpRequest)(options, (answer) => {
      record(
        answer.statusCode ?? 0,
        answer.headers['content-type'] ?? '',
        answer.headers['content-encoding'] ?? '',
      );
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (error) => {
      record(502, '', '');
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`scrape recorder: ${String(error)}\n`);
    });
    req.pipe(out);
  };

  const server: Server = tls
    ? createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, forward)
    : createHttpServer(forward);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    scrapes,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
