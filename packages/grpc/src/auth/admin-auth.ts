import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { status, type Metadata } from '@grpc/grpc-js';
import bcrypt from 'bcryptjs';
import { GrpcStatusError } from '../status.js';
import { TokenBuckets } from '../token-buckets.js';

/** What an authenticated caller may do. */
export type AdminRole = 'admin' | 'viewer';

/** Who called: for the audit log (never a secret) and the permission check. */
export interface Principal {
  /** `bearer` for the token, `user:<name>` for basic auth, `anonymous` when auth is off. */
  readonly name: string;
  readonly role: AdminRole;
}

/** Options of {@link AdminAuth}. */
export interface AdminAuthOptions {
  /** The bearer token (`authorization: Bearer <token>`), with role `admin`. @default none */
  readonly bearerToken?: string;
  /** Basic-auth users and their bcrypt hashes. @default none */
  readonly basicAuthUsers?: Readonly<Record<string, string>>;
  /** Basic-auth users who may only read (GetConfig, ListViews, Health). @default none */
  readonly viewers?: readonly string[];
  /** With no credentials configured, let every caller in as `admin`. @default false */
  readonly allowUnauthenticated?: boolean;
  /** Failed attempts a peer address may make in a burst. @default 10 */
  readonly failureBurst?: number;
  /** Failed attempts per second a peer address regains. @default 1 */
  readonly failuresPerSecond?: number;
  /** bcrypt verifications in flight at once; more are refused. @default 8 */
  readonly maxPendingVerifications?: number;
}

const CACHE_LIMIT = 1024;

/**
 * Authenticates admin calls from their metadata. The bearer token is compared in constant time
 * (SHA-256 digests with `timingSafeEqual`); basic-auth passwords are checked against bcrypt hashes
 * (an unknown user against a dummy hash of the same cost, so timing does not tell which users
 * exist), a verified pair is remembered only as an HMAC under a key made at start-up, and at most
 * `maxPendingVerifications` run at once. A peer address that spent its failures is refused with
 * RESOURCE_EXHAUSTED before any check runs.
 */
export class AdminAuth {
  private readonly tokenDigest: Buffer | undefined;
  private readonly users: ReadonlyMap<string, string>;
  private readonly viewers: ReadonlySet<string>;
  private readonly failures: TokenBuckets;
  private readonly cacheKey = randomBytes(32);
  private readonly verified = new Set<string>();
  private readonly dummyHash: string;
  private readonly maxPending: number;
  private pending = 0;

  constructor(private readonly options: AdminAuthOptions) {
    this.tokenDigest = options.bearerToken === undefined ? undefined : digest(options.bearerToken);
    this.users = new Map(Object.entries(options.basicAuthUsers ?? {}));
    this.viewers = new Set(options.viewers ?? []);
    this.failures = new TokenBuckets({
      burst: options.failureBurst ?? 10,
      perSecond: options.failuresPerSecond ?? 1,
    });
    const first = this.users.values().next().value;
    this.dummyHash = bcrypt.hashSync(
      'meterline-dummy-password',
      first ? bcrypt.getRounds(first) : 4,
    );
    this.maxPending = options.maxPendingVerifications ?? 8;
  }

  /** True when any credential is configured. */
  get configured(): boolean {
    return this.tokenDigest !== undefined || this.users.size > 0;
  }

  /**
   * The caller behind `metadata`.
   * @throws GrpcStatusError UNAUTHENTICATED (no or wrong credentials), RESOURCE_EXHAUSTED (too
   *   many failures from `peer`, or too many verifications in flight), PERMISSION_DENIED (no
   *   credentials configured and unauthenticated access not allowed).
   */
  async authenticate(metadata: Metadata, peer: string): Promise<Principal> {
    if (!this.configured) {
      if (this.options.allowUnauthenticated) return { name: 'anonymous', role: 'admin' };
      throw new GrpcStatusError(
        status.PERMISSION_DENIED,
        'the admin service has no credentials configured (admin.bearerToken or admin.basicAuthUsers)',
      );
    }
    if (this.failures.available(peer) < 1) {
      throw new GrpcStatusError(
        status.RESOURCE_EXHAUSTED,
        `too many failed authentication attempts from ${peer}; retry later`,
      );
    }
    const header = metadata.get('authorization')[0];
    const value = typeof header === 'string' ? header : (header?.toString('utf8') ?? '');
    const principal = await this.check(value);
    if (principal) return principal;
    this.failures.charge(peer);
    throw new GrpcStatusError(
      status.UNAUTHENTICATED,
      value === ''
        ? 'missing credentials: send metadata "authorization: Bearer <token>" or "Basic <base64>"'
        : 'invalid credentials',
    );
  }

  private async check(header: string): Promise<Principal | undefined> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (bearer) {
      if (this.tokenDigest === undefined) return undefined;
      return timingSafeEqual(digest(bearer[1]!), this.tokenDigest)
        ? { name: 'bearer', role: 'admin' }
        : undefined;
    }
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!basic || this.users.size === 0) return undefined;
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const hash = this.users.get(user);
    const ok = await this.verify(user, password, hash);
    if (!ok || hash === undefined) return undefined;
    return { name: `user:${user}`, role: this.viewers.has(user) ? 'viewer' : 'admin' };
  }

  private async verify(user: string, password: string, hash: string | undefined): Promise<boolean> {
    const key = createHmac('sha256', this.cacheKey)
      .update(`${user}\u0000${password}\u0000${hash ?? ''}`)
      .digest('base64');
    if (hash !== undefined && this.verified.has(key)) return true;
    if (this.pending >= this.maxPending) {
      throw new GrpcStatusError(
        status.RESOURCE_EXHAUSTED,
        `too many password verifications in flight (limit ${this.maxPending}); retry later`,
      );
    }
    this.pending += 1;
    let ok: boolean;
    try {
      ok = await bcrypt.compare(password, hash ?? this.dummyHash).catch(() => false);
    } finally {
      this.pending -= 1;
    }
    if (ok && hash !== undefined) {
      if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
      this.verified.add(key);
    }
    return ok;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
