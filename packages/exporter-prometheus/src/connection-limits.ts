import type { Server } from 'node:http';

/** How long connections may take and how many may be open: options of the standalone server. */
export interface ConnectionLimits {
  /**
   * Time a client has to send the complete request head, from connecting (or from the end of the
   * previous response on a keep-alive connection); then it gets `408` and is disconnected.
   * @default 10000
   */
  readonly headersTimeoutMs?: number;
  /**
   * Time a client has to send the whole request (head and body); at least `headersTimeoutMs`.
   * @default 30000
   */
  readonly requestTimeoutMs?: number;
  /**
   * How long an idle keep-alive connection stays open after a response, waiting for the next
   * request (longer than common scrape intervals' jitter, so Prometheus reuses its connection).
   * @default 30000
   */
  readonly keepAliveTimeoutMs?: number;
  /**
   * A connection with no traffic either way for this long is destroyed, whatever state it is in
   * (for example a scraper that stopped reading a response). `0` turns it off.
   * @default 60000
   */
  readonly idleTimeoutMs?: number;
  /**
   * Open connections per listener; a connection over the cap is closed as soon as it is accepted.
   * @default 512
   */
  readonly maxConnections?: number;
}

/** The limits with every default filled in. */
export type ResolvedConnectionLimits = Required<ConnectionLimits>;

/** Fills in defaults. @throws {RangeError} when a value is negative or the timeouts disagree. */
export function resolveConnectionLimits(limits: ConnectionLimits): ResolvedConnectionLimits {
  const resolved: ResolvedConnectionLimits = {
    headersTimeoutMs: limits.headersTimeoutMs ?? 10_000,
    requestTimeoutMs: limits.requestTimeoutMs ?? Math.max(30_000, limits.headersTimeoutMs ?? 0),
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs ?? 30_000,
    idleTimeoutMs: limits.idleTimeoutMs ?? 60_000,
    maxConnections: limits.maxConnections ?? 512,
  };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${key} must be >= 0: ${value}`);
  }
  if (resolved.headersTimeoutMs <= 0 || resolved.maxConnections <= 0) {
    throw new RangeError('headersTimeoutMs and maxConnections must be > 0');
  }
  if (resolved.requestTimeoutMs < resolved.headersTimeoutMs) {
    throw new RangeError(
      `requestTimeoutMs (${resolved.requestTimeoutMs}) must be >= headersTimeoutMs (${resolved.headersTimeoutMs})`,
    );
  }
  return resolved;
}

/**
 * How often Node checks connections against `headersTimeoutMs`/`requestTimeoutMs` (a
 * `createServer` option): a quarter of the header timeout, between 50 ms and 1 s, so a timeout
 * fires at most a quarter late.
 */
export function connectionsCheckingInterval(limits: ResolvedConnectionLimits): number {
  return Math.min(1000, Math.max(50, Math.floor(limits.headersTimeoutMs / 4)));
}

/** Sets the timeouts and the connection cap on a server created with the interval above. */
export function applyConnectionLimits(server: Server, limits: ResolvedConnectionLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // With no 'timeout' listener, Node destroys a socket idle for this long.
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
}
