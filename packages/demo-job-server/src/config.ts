import { envSettings } from '@meterline/demo-service';

/**
 * Which names the two seed names that Prometheus' own lint rejects are served under: `seed` keeps
 * `hodei_workers_total` (a gauge) and `hodei_memory_usage_mb`; `prometheus` serves `hodei_workers`
 * and `hodei_memory_usage_bytes` (in bytes), which pass `promtool check metrics`.
 */
export type MetricNaming = 'seed' | 'prometheus';

/** The job server's settings, from its environment variables. */
export interface JobServerConfig {
  /** `JOB_SERVER_HOST`. @default '127.0.0.1' */
  readonly host: string;
  /** `JOB_SERVER_PORT`: API and metrics; 0 picks a free port. @default 8081 */
  readonly port: number;
  /** `JOB_SERVER_HEARTBEAT_TIMEOUT_MS`. @default 15000 */
  readonly heartbeatTimeoutMs: number;
  /** `JOB_SERVER_METRIC_NAMES`: `seed` or `prometheus`. @default 'seed' */
  readonly naming: MetricNaming;
  /** `DEMO_WORKLOAD`: `on` or `off`. @default true */
  readonly workload: boolean;
  /**
   * `JOB_SERVER_WORKERS`: above 1, a `node:cluster` service: that many worker processes share the
   * API port and the primary serves their metrics merged. @default 1
   */
  readonly workers: number;
  /** `JOB_SERVER_METRICS_PORT`: the primary's metrics port when clustered; 0 picks one. @default 0 */
  readonly metricsPort: number;
}

/** The default API and metrics port of the fleet's job server. */
export const DEFAULT_PORT = 8081;

/** A variable with a value the server cannot use; the message names it. */
export class JobServerConfigError extends Error {}

/**
 * Reads the job server's variables. Empty variables count as unset.
 * @throws {JobServerConfigError} naming the first bad variable and its value.
 */
export function readJobServerConfig(
  env: Readonly<Record<string, string | undefined>>,
): JobServerConfig {
  const { get, integer, oneOf } = envSettings(env, JobServerConfigError);
  return {
    host: get('JOB_SERVER_HOST') ?? '127.0.0.1',
    port: integer('JOB_SERVER_PORT', DEFAULT_PORT, 0, 65_535),
    heartbeatTimeoutMs: integer('JOB_SERVER_HEARTBEAT_TIMEOUT_MS', 15_000, 1, 86_400_000),
    naming: oneOf('JOB_SERVER_METRIC_NAMES', ['seed', 'prometheus']),
    workload: oneOf('DEMO_WORKLOAD', ['on', 'off']) === 'on',
    workers: integer('JOB_SERVER_WORKERS', 1, 1, 64),
    metricsPort: integer('JOB_SERVER_METRICS_PORT', 0, 0, 65_535),
  };
}
