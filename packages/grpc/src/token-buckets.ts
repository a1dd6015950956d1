/** Options of {@link TokenBuckets}. */
export interface TokenBucketsOptions {
  /** Tokens a key may spend in a burst. */
  readonly burst: number;
  /** Tokens per second a key regains. */
  readonly perSecond: number;
  /** Keys remembered at once; the least recently used are forgotten first. @default 10000 */
  readonly maxKeys?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * A token bucket per key (a peer address): `take(key, n)` spends `n` tokens when the key has them.
 * Memory is bounded by `maxKeys`; a forgotten key starts again with a full bucket.
 */
export class TokenBuckets {
  private readonly burst: number;
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: TokenBucketsOptions) {
    this.burst = options.burst;
    this.perMs = options.perSecond / 1000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Tokens `key` has now. */
  available(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.burst;
    return Math.min(this.burst, bucket.tokens + (this.now() - bucket.at) * this.perMs);
  }

  /** Spends `n` tokens of `key` and returns true, or returns false and spends nothing. */
  take(key: string, n = 1): boolean {
    const tokens = this.available(key);
    if (tokens < n) return false;
    this.spend(key, tokens, n);
    return true;
  }

  /** Spends up to `n` tokens of `key` (not below zero), whether or not it has them. */
  charge(key: string, n = 1): void {
    this.spend(key, this.available(key), n);
  }

  private spend(key: string, tokens: number, n: number): void {
    this.buckets.delete(key); // re-insert: the Map's order is the eviction order
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(key, { tokens: Math.max(0, tokens - n), at: this.now() });
  }
}

/** The address part of a grpc-js peer (`ipv4:127.0.0.1:5000` → `127.0.0.1`), the rate-limit key. */
export function peerAddress(peer: string): string {
  const withoutScheme = peer.replace(/^(ipv4|ipv6|unix):/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(withoutScheme);
  if (bracketed) return bracketed[1]!;
  const lastColon = withoutScheme.lastIndexOf(':');
  if (lastColon > 0 && withoutScheme.indexOf(':') === lastColon) {
    return withoutScheme.slice(0, lastColon);
  }
  return withoutScheme;
}
