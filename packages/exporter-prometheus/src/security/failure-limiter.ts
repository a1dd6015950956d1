/** Options of {@link FailureLimiter}. */
export interface FailureLimiterOptions {
  /** Failed attempts a source may make in a burst before it is refused. @default 10 */
  readonly burst?: number;
  /** Failed attempts per second a source regains. @default 1 */
  readonly perSecond?: number;
  /** Sources remembered at once; the oldest are forgotten first. @default 10000 */
  readonly maxSources?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * Rate limit on failed authentication per source address (a token bucket, as exporter-toolkit's
 * `rate_limit`): once a source spent its burst of failures, further attempts are refused without
 * running bcrypt until it regains tokens. Successful logins cost nothing. Memory is bounded.
 */
export class FailureLimiter {
  private readonly burst: number;
  private readonly perMs: number;
  private readonly maxSources: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: FailureLimiterOptions = {}) {
    this.burst = options.burst ?? 10;
    this.perMs = (options.perSecond ?? 1) / 1000;
    this.maxSources = options.maxSources ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** True when `source` has used up its failures and must wait. */
  blocked(source: string): boolean {
    return this.tokens(source) < 1;
  }

  /** Spends one token of `source` for a failed attempt. */
  failed(source: string): void {
    const tokens = this.tokens(source);
    this.buckets.delete(source); // re-insert: the Map's order is the eviction order
    if (this.buckets.size >= this.maxSources) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(source, { tokens: Math.max(0, tokens - 1), at: this.now() });
  }

  private tokens(source: string): number {
    const bucket = this.buckets.get(source);
    if (!bucket) return this.burst;
    return Math.min(this.burst, bucket.tokens + (this.now() - bucket.at) * this.perMs);
  }
}
