import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { Gzip } from 'node:zlib';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import type { Logger } from '@meterline/plugin';
import { CoalescingCollector, CollectionTimeoutError } from './coalescing-collector.js';
import { RenderGate } from './render-gate.js';
import {
  chunkBufferBytes,
  DEFAULT_CHUNK_BYTES,
  serialize,
  type SerializeOptions,
} from './exposition/serialize.js';
import { ChunkPool } from './exposition/chunk-pool.js';
import {
  acceptsGzip,
  acceptsProtobuf,
  CONTENT_TYPES,
  negotiateEscaping,
  negotiateFormat,
  PROTOBUF_CONTENT_TYPE,
} from './exposition/negotiate.js';
import { serializeProtobuf } from './serialize-protobuf-on-demand.js';
import { escapingOf } from './exposition/escaping.js';
import type { PullMetricReader } from './pull-reader.js';
import { SELF_METRIC_NAMES, type SelfMetrics } from './self-metrics.js';
import { SELF_METRICS_SCOPE } from './self-metrics-instruments.js';

const { constants: zlib, createGzip, gzipSync } = process.getBuiltinModule('node:zlib');

/** A `(req, res)` handler that answers a scrape; mount it at any path of any `node:http` server. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What to do when a collection reports errors (a throwing observable callback). */
export type ErrorHandling = 'http-error' | 'continue';

/** Options of {@link createScrapeHandler}. */
export interface ScrapeHandlerOptions {
  readonly reader: PullMetricReader;
  readonly selfMetrics: SelfMetrics;
  readonly logger: Logger;
  /** Naming and content rules of the exposition. */
  readonly exposition?: Omit<SerializeOptions, 'format' | 'protectedNames' | 'protectedScope'>;
  /**
   * `http-error` (like promhttp's HTTPErrorOnError): any collection error answers 500 (503 for a
   * timeout) so Prometheus marks the target down instead of silently losing a metric.
   * `continue`: serve what was collected and log the errors.
   * @default 'http-error'
   */
  readonly errorHandling?: ErrorHandling;
  /** Scrape timeout when the scraper sends no `X-Prometheus-Scrape-Timeout-Seconds`. @default 10 */
  readonly defaultTimeoutSeconds?: number;
  /** Scrapes in flight at once (serializing or waiting their turn); more get 503 right away. @default 64 */
  readonly maxInFlight?: number;
  /** Compress when the client accepts gzip. @default true */
  readonly gzip?: boolean;
  /**
   * Scrapes that serialize at once; the others (up to `maxInFlight`) wait their turn within their
   * scrape timeout, with the collection they share. One keeps every turn of the event loop to one
   * slice of serialization, so a storm of scrapes cannot starve the service's own requests.
   * @default 1
   */
  readonly maxConcurrentRenders?: number;
}

/**
 * Creates the scrape handler: content negotiation (text 0.0.4, OpenMetrics 1.0, or the protobuf
 * exposition with native histograms), gzip,
 * coalesced collections bounded by the scrape timeout, a cap on concurrent scrapes, and error
 * answers that name no internals (details go to the log). Only GET and HEAD are served.
 */
export function createScrapeHandler(options: ScrapeHandlerOptions): MetricsHandler {
  const collector = new CoalescingCollector(options.reader);
  const self = options.selfMetrics;
  const maxInFlight = options.maxInFlight ?? 64;
  const errorHandling = options.errorHandling ?? 'http-error';
  const defaultTimeout = options.defaultTimeoutSeconds ?? 10;
  const gate = new RenderGate(options.maxConcurrentRenders ?? 1);
  // Text chunks' buffers, given back once the socket or gzip has taken each chunk (see ChunkPool).
  const pool = new ChunkPool(
    chunkBufferBytes(options.exposition?.chunkBytes ?? DEFAULT_CHUNK_BYTES),
  );

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return plain(res, 405, `method ${req.method ?? '?'} not allowed; use GET or HEAD\n`);
    }
    if (self.inFlight >= maxInFlight) {
      self.scrapeAnswered(503, 0);
      return plain(res, 503, `too many concurrent scrapes (limit ${maxInFlight})\n`);
    }
    const started = performance.now();
    self.scrapeStarted();
    void answer(req, res, timeoutMs(req, defaultTimeout))
      .catch((error: unknown) => {
        options.logger.error(`metrics scrape failed: ${String(error)}`);
        if (!res.headersSent) plain(res, 500, 'internal error while serving metrics\n');
        else res.destroy();
        return 500;
      })
      .then((code) => self.scrapeEnded(code, (performance.now() - started) / 1000));
  };

  async function answer(req: IncomingMessage, res: ServerResponse, timeout: number) {
    // A mounted handler outlives the provider: after shutdown, a clean 503 rather than a 500.
    if (options.reader.isShutdown) return shuttingDown(res);
    const started = performance.now();
    let result: CollectionResult;
    try {
      result = await collector.collect(timeout);
    } catch (error) {
      if (options.reader.isShutdown) return shuttingDown(res);
      self.collectionFailed();
      if (error instanceof CollectionTimeoutError) {
        options.logger.error(`metrics collection timed out after ${timeout} ms`);
        return plain(res, 503, 'metrics collection timed out\n');
      }
      throw error;
    }
    if (result.errors.length > 0) {
      self.collectionFailed();
      // The SDK's package loads here, once a collection reported errors, not on every service's
      // start path (see @meterline/engine's sdk-enums.ts).
      const { TimeoutError } = await import('@opentelemetry/sdk-metrics');
      const timedOut = result.errors.some((e) => e instanceof TimeoutError);
      options.logger.error(
        `metrics collection reported ${result.errors.length} error(s): ${result.errors
          .slice(0, 3)
          .map((e) => (e instanceof Error ? e.message : String(e)))
          .join('; ')}`,
      );
      if (errorHandling === 'http-error') {
        return timedOut
          ? plain(res, 503, 'metrics collection timed out\n')
          : plain(res, 500, `metrics collection failed with ${result.errors.length} error(s)\n`);
      }
    }
    // Collections are shared by concurrent scrapes; serialization takes turns (see RenderGate).
    const release = await gate.acquire(Math.max(0, timeout - (performance.now() - started)));
    if (!release)
      return plain(res, 503, 'metrics endpoint busy: no turn within the scrape timeout\n');
    try {
      return await write(req, res, result);
    } finally {
      release();
    }
  }

  async function write(req: IncomingMessage, res: ServerResponse, result: CollectionResult) {
    const protobuf = acceptsProtobuf(req.headers.accept);
    const format = negotiateFormat(req.headers.accept);
    const escaping = escapingOf(
      negotiateEscaping(req.headers.accept, protobuf ? 'protobuf' : format),
    );
    const gzip = (options.gzip ?? true) && acceptsGzip(req.headers['accept-encoding']);
    res.statusCode = 200;
    // UTF-8 names go only to an OpenMetrics or protobuf scraper that allows them (quoted in
    // OpenMetrics; protobuf needs no quoting); the content type says so.
    const utf8 =
      (protobuf || format === 'openmetrics') &&
      escaping === 'allow-utf-8' &&
      utf8Strategy(options.exposition?.translationStrategy);
    const contentType = protobuf ? PROTOBUF_CONTENT_TYPE : CONTENT_TYPES[format];
    res.setHeader('content-type', utf8 ? `${contentType}; escaping=allow-utf-8` : contentType);
    const served = utf8 ? 'allow-utf-8' : escaping === 'allow-utf-8' ? 'underscores' : escaping;
    res.setHeader('vary', 'Accept, Accept-Encoding');
    if (gzip) res.setHeader('content-encoding', 'gzip');
    // A body of at most ONE_SHOT_GZIP_BYTES (most services' whole exposition) is copied aside as
    // its chunks come and compressed in one call once serialization ends: no gzip stream, pipe and
    // thread-pool round trips for a few kilobytes. A larger body starts the stream, the bytes held
    // so far first.
    let zipper: Gzip | undefined;
    let held: Buffer[] | undefined = gzip ? [] : undefined;
    let heldBytes = 0;
    const stream = (): Writable => {
      if (!gzip) return res;
      if (zipper === undefined) {
        zipper = createGzip(GZIP_OPTIONS);
        zipper.pipe(res);
        zipper.on('data', (chunk: Buffer) => self.sent(chunk.length));
      }
      return zipper;
    };
    // The write's callback runs once the socket or zlib is done with the chunk's bytes: only then
    // may the pool hand its buffer out again (not after a failed write, which may still hold it).
    const send = (out: Writable, chunk: Buffer) => {
      if (chunk.length > 0) out.write(chunk, (error) => error || pool.release(chunk));
      else pool.release(chunk);
    };
    const sink = (chunk: Buffer) => {
      if (res.destroyed) throw new ClientGoneError();
      if (!gzip) self.sent(chunk.length);
      if (held !== undefined && heldBytes + chunk.length <= ONE_SHOT_GZIP_BYTES) {
        // A copy: the pool's buffer goes back at once, whatever comes next.
        if (chunk.length > 0) held.push(Buffer.from(chunk));
        heldBytes += chunk.length;
        pool.release(chunk);
        // Nothing went to zlib or the socket, so there is nothing to overlap with: no turn here
        // (the serializer gives the loop its turns between slices itself).
        return;
      }
      const out = stream();
      for (const part of held ?? []) send(out, part);
      held = undefined;
      send(out, chunk);
      return pace(out, res);
    };
    const serialized = protobuf
      ? serializeProtobuf(
          result.resourceMetrics,
          {
            ...options.exposition,
            escaping: served,
            protectedNames: SELF_METRIC_NAMES,
            protectedScope: SELF_METRICS_SCOPE,
          },
          sink,
        )
      : serialize(
          result.resourceMetrics,
          {
            ...options.exposition,
            format,
            escaping: served,
            protectedNames: SELF_METRIC_NAMES,
            protectedScope: SELF_METRICS_SCOPE,
            pool,
          },
          sink,
        );
    const stats = await serialized.catch((error: unknown) => {
      if (error instanceof ClientGoneError) return undefined;
      throw error;
    });
    if (!stats) {
      // Serializing the rest for nobody would only burn CPU: stop, and count it apart.
      zipper?.destroy();
      options.logger.warn('metrics scrape: the client closed the connection before the body ended');
      return CLIENT_CLOSED;
    }
    for (const problem of stats.problems) options.logger.warn(`metrics exposition: ${problem}`);
    self.served(stats.series, stats.problems.length);
    let body: Buffer | undefined;
    if (held !== undefined) {
      body = gzipSync(held.length === 1 ? held[0]! : Buffer.concat(held), GZIP_OPTIONS);
      held = undefined;
      self.sent(body.length);
    }
    await new Promise<void>((resolve) => {
      if (res.destroyed) return resolve();
      res.once('finish', resolve);
      res.once('close', resolve);
      if (body !== undefined) res.end(body);
      else stream().end();
    });
    return res.writableFinished ? 200 : CLIENT_CLOSED;
  }
}

/** True for the strategies that keep UTF-8 names (they need `escaping` to be honoured). */
function utf8Strategy(strategy: string | undefined): boolean {
  return strategy === 'NoUTF8EscapingWithSuffixes' || strategy === 'NoTranslation';
}

/** Thrown by the chunk sink once the client has gone away. */
class ClientGoneError extends Error {}

/** The status scrapes are counted under when the client hung up mid-body (nginx's 499). */
const CLIENT_CLOSED = 499;

/** Fastest level: repetitive metrics text still compresses well, for much less CPU than level 6. */
const GZIP_OPTIONS = { level: zlib.Z_BEST_SPEED, chunkSize: 64 * 1024 };

/**
 * The largest body compressed in one synchronous call (about 0.3 ms at the fastest level), however
 * many chunks it came in; a larger one streams through gzip on the thread pool.
 */
const ONE_SHOT_GZIP_BYTES = 64 * 1024;

/** Bytes handed to gzip or the socket and not yet taken, before serialization waits. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

/**
 * After a chunk is written: a turn of the event loop, so gzip (on the thread pool) or the socket
 * works on it while the next chunk is serialized; past {@link MAX_PENDING_BYTES} waiting, until
 * the stream drains or the client goes away (which the sink notices at the next chunk).
 */
function pace(out: Writable, res: ServerResponse): Promise<void> {
  if (out.writableLength <= MAX_PENDING_BYTES || res.destroyed) {
    return new Promise((resolve) => setImmediate(resolve));
  }
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      res.off('close', done);
      resolve();
    };
    out.once('drain', done);
    res.once('close', done);
  });
}

/** The scrape's deadline: the scraper's timeout header (less a margin to answer in time). */
function timeoutMs(req: IncomingMessage, defaultSeconds: number): number {
  const header = Number(req.headers['x-prometheus-scrape-timeout-seconds']);
  const seconds = Number.isFinite(header) && header > 0 ? Math.min(header, 300) : defaultSeconds;
  return Math.max(Math.round(seconds * 1000 * 0.9), Math.round(seconds * 1000) - 500, 1);
}

function plain(res: ServerResponse, status: number, body: string): number {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(body);
  return status;
}

function shuttingDown(res: ServerResponse): number {
  res.setHeader('connection', 'close');
  res.setHeader('retry-after', '1');
  return plain(res, 503, 'metrics endpoint is shutting down\n');
}
