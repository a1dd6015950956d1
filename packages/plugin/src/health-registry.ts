import type { Meter } from '@opentelemetry/api';

/** The state of one check, worst last. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** What a check reports. A bare status is accepted as shorthand. */
export interface HealthCheckResult {
  readonly status: HealthStatus;
  /** One line for people: why it is degraded, say. Never secrets. */
  readonly message?: string;
  /** Small JSON-serialisable facts (lag in seconds, quota used, …). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A health check: sync or async; throwing or timing out counts as `unhealthy`. */
export type HealthCheck = () =>
  HealthCheckResult | HealthStatus | Promise<HealthCheckResult | HealthStatus>;

/** How a check takes part in the probes. */
export interface HealthCheckOptions {
  /** An unhealthy result makes `/readyz` fail. @default true */
  readonly readiness?: boolean;
  /** An unhealthy result makes `/healthz` fail (use for states only a restart fixes). @default false */
  readonly liveness?: boolean;
  /** A check slower than this counts as unhealthy. @default 2000 */
  readonly timeoutMs?: number;
}

/** The outcome of one check in a report. */
export interface CheckReport extends HealthCheckResult {
  readonly name: string;
  readonly readiness: boolean;
  readonly liveness: boolean;
  readonly durationMs: number;
}

/** The outcome of running every check. */
export interface HealthReport {
  /** The worst status of all checks; `healthy` with no checks. */
  readonly status: HealthStatus;
  /** No liveness check is unhealthy. */
  readonly live: boolean;
  /** No readiness check is unhealthy. */
  readonly ready: boolean;
  readonly checks: readonly CheckReport[];
  /** ISO-8601 time the run started. */
  readonly timestamp: string;
}

const RANK: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };
const STATUSES: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy'];

interface Entry {
  readonly check: HealthCheck;
  readonly readiness: boolean;
  readonly liveness: boolean;
  readonly timeoutMs: number;
}

/**
 * A registry components add health checks to. `/healthz`, `/readyz` and the JSON summary of the
 * Prometheus endpoint are served from it, and {@link HealthRegistry.observe} exposes each check as
 * `meterline_health_check_status{check, status}` (1 for the current status, 0 for the others), so
 * alerts see what the probes see.
 *
 * Concurrency: checks of one run execute concurrently; concurrent `run()` calls share nothing and
 * each runs every check. A check never makes `run()` reject.
 */
export class HealthRegistry {
  private readonly entries = new Map<string, Entry>();

  /**
   * Adds a check under a unique `name`; returns a function that removes it.
   * @throws {Error} when `name` is empty or already registered.
   */
  register(name: string, check: HealthCheck, options: HealthCheckOptions = {}): () => void {
    if (name.trim() === '') throw new Error('health check name must not be empty');
    if (this.entries.has(name)) throw new Error(`health check "${name}" is already registered`);
    this.entries.set(name, {
      check,
      readiness: options.readiness ?? true,
      liveness: options.liveness ?? false,
      timeoutMs: options.timeoutMs ?? 2000,
    });
    return () => this.entries.delete(name);
  }

  /** Names of the registered checks, in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Runs every check (concurrently, each bounded by its timeout) and summarises. */
  async run(): Promise<HealthReport> {
    const timestamp = new Date().toISOString();
    const checks = await Promise.all([...this.entries].map(([name, entry]) => runOne(name, entry)));
    const worst = checks.reduce<HealthStatus>(
      (acc, c) => (RANK[c.status] > RANK[acc] ? c.status : acc),
      'healthy',
    );
    return {
      status: worst,
      live: !checks.some((c) => c.liveness && c.status === 'unhealthy'),
      ready: !checks.some((c) => c.readiness && c.status === 'unhealthy'),
      checks,
      timestamp,
    };
  }

  /** Reports every check as `meterline_health_check_status{check, status}` on `meter`. */
  observe(meter: Meter): void {
    meter
      .createObservableGauge('meterline_health_check_status', {
        description: 'Health check state: 1 for the current status of each check, 0 for the others',
      })
      .addCallback(async (result) => {
        const report = await this.run();
        for (const check of report.checks) {
          for (const status of STATUSES) {
            result.observe(status === check.status ? 1 : 0, { check: check.name, status });
          }
        }
      });
  }
}

async function runOne(name: string, entry: Entry): Promise<CheckReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let result: HealthCheckResult;
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(entry.check),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${entry.timeoutMs} ms`)),
          entry.timeoutMs,
        );
      }),
    ]);
    result = typeof outcome === 'string' ? { status: outcome } : outcome;
    if (!(result.status in RANK)) {
      result = { status: 'unhealthy', message: `check returned an unknown status` };
    }
  } catch (error) {
    result = { status: 'unhealthy', message: `check failed: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
  return {
    name,
    ...result,
    readiness: entry.readiness,
    liveness: entry.liveness,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  };
}
