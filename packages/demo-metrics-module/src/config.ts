import { envSettings } from '@meterline/demo-service';

/** The metrics module's settings, from its environment variables. */
export interface MetricsModuleConfig {
  /** `METRICS_MODULE_HOST`: interface of both servers. @default '127.0.0.1' */
  readonly host: string;
  /** `METRICS_MODULE_METRICS_PORT`: the Prometheus endpoint; 0 picks a free port. @default 9480 */
  readonly metricsPort: number;
  /** `METRICS_MODULE_GRPC_PORT`: MetricsService and MetricsAdminService; 0 picks one. @default 9481 */
  readonly grpcPort: number;
  /**
   * `METRICS_MODULE_ADMIN_TOKEN`: the bearer token of MetricsAdminService. Unset, every admin
   * call is refused (UNAUTHENTICATED), and the module says so at start.
   */
  readonly adminToken: string | undefined;
  /** `DEMO_WORKLOAD`: `on` or `off`: the billing component that records over gRPC. @default true */
  readonly workload: boolean;
}

/** A variable with a value the module cannot use; the message names it. */
export class MetricsModuleConfigError extends Error {}

/**
 * Reads the module's variables. Empty variables count as unset.
 * @throws {MetricsModuleConfigError} naming the first bad variable and its value.
 */
export function readMetricsModuleConfig(
  env: Readonly<Record<string, string | undefined>>,
): MetricsModuleConfig {
  const { get, integer, oneOf } = envSettings(env, MetricsModuleConfigError);
  return {
    host: get('METRICS_MODULE_HOST') ?? '127.0.0.1',
    metricsPort: integer('METRICS_MODULE_METRICS_PORT', 9480, 0, 65_535),
    grpcPort: integer('METRICS_MODULE_GRPC_PORT', 9481, 0, 65_535),
    adminToken: get('METRICS_MODULE_ADMIN_TOKEN'),
    workload: oneOf('DEMO_WORKLOAD', ['on', 'off']) === 'on',
  };
}
