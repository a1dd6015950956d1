import type { IncomingMessage } from 'node:http';
import type * as Bcrypt from 'bcryptjs';
import { BcryptOverloadedError, BcryptPool } from './bcrypt-pool.js';
import { FailureLimiter, type FailureLimiterOptions } from './failure-limiter.js';

const { createHmac, randomBytes } = process.getBuiltinModule('node:crypto');
const { createRequire } = process.getBuiltinModule('node:module');

const CACHE_LIMIT = 1024;

/** The outcome of a check: let in, answer 401, or answer 429 (too many attempts). */
export type AuthOutcome = 'ok' | 'denied' | 'throttled';

/** Options of {@link BasicAuth}. */
export interface BasicAuthOptions {
  /** bcrypt verifications waiting or running at once; more are throttled. @default 8 */
  readonly maxPendingVerifications?: number;
  /** Per-source limit on failed attempts. @default 10 failures in a burst, 1 more per second */
  readonly failures?: FailureLimiterOptions;
}

/**
 * Checks HTTP basic credentials against bcrypt hashes (exporter-toolkit's `basic_auth_users`)
 * without letting anyone stall the service:
 * - bcrypt runs on a worker thread ({@link BcryptPool}), never on the event loop, with a bound on
 *   verifications in flight (more are throttled at once);
 * - credentials verified once are remembered (at most 1024) under an HMAC with a key made at
 *   start-up and kept in memory only, so the cache holds nothing a password can be recovered from;
 *   a scraper with the right password pays bcrypt once;
 * - a source that keeps failing is throttled before bcrypt runs ({@link FailureLimiter});
 * - an unknown user is checked against a dummy hash of the same cost, so it takes as long as a
 *   known user with a wrong password and timing does not reveal which users exist.
 */
export class BasicAuth {
  private readonly verified = new Set<string>();
  private readonly cacheKey = randomBytes(32);
  private readonly dummyHash: string;
  private readonly pool: BcryptPool;
  private readonly limiter: FailureLimiter;

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    options: BasicAuthOptions = {},
  ) {
    // Loaded here, not at import: only an endpoint with basic auth users needs it. (`require`
    // gives the build the verification worker loads too.)
    const bcrypt = createRequire(import.meta.url)('bcryptjs') as typeof Bcrypt;
    const first = users.values().next().value;
    const cost = first ? bcrypt.getRounds(first) : 10;
    this.dummyHash = bcrypt.hashSync('meterline-dummy-password', cost);
    this.pool = new BcryptPool({ maxPending: options.maxPendingVerifications ?? 8 });
    this.limiter = new FailureLimiter(options.failures);
  }

  /** Whether the request carries the credentials of a configured user. Never rejects. */
  async check(req: IncomingMessage): Promise<AuthOutcome> {
    const credentials = parseBasic(req.headers.authorization);
    if (!credentials) return 'denied';
    const hash = this.users.get(credentials.user);
    const key = createHmac('sha256', this.cacheKey)
      .update(`${credentials.user}\u0000${credentials.password}\u0000${hash ?? ''}`)
      .digest('base64');
    if (hash !== undefined && this.verified.has(key)) return 'ok';
    const source = req.socket.remoteAddress ?? 'unknown';
    if (this.limiter.blocked(source)) return 'throttled';
    let ok: boolean;
    try {
      ok = await this.pool.verify(credentials.password, hash ?? this.dummyHash);
    } catch (error) {
      if (error instanceof BcryptOverloadedError) return 'throttled';
      return 'denied';
    }
    if (!ok || hash === undefined) {
      this.limiter.failed(source);
      return 'denied';
    }
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.add(key);
    return 'ok';
  }

  /** Stops the verification thread. Idempotent. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
