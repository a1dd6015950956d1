import { envSettings } from '@meterline/demo-service';

/** The replicator's settings, from its environment variables. */
export interface ReplicatorConfig {
  /** `REPLICATOR_HOST`: interface of every server. @default '127.0.0.1' */
  readonly host: string;
  /** `REPLICATOR_METRICS_PORT`: metrics, health summary and API; 0 picks a free port. @default 9470 */
  readonly port: number;
  /** `REPLICATOR_SOURCE_REGISTRY_PORT`. @default 0 (a free port) */
  readonly sourceRegistryPort: number;
  /** `REPLICATOR_TARGET_REGISTRY_PORT`. @default 0 (a free port) */
  readonly targetRegistryPort: number;
  /** `REPLICATOR_SYNC_INTERVAL_MS`: pause between cycles; 0 syncs only on `POST /api/v1/sync`. @default 10000 */
  readonly syncIntervalMs: number;
  /** `REPLICATOR_TARGET_QUOTA`: resources the target registry holds at most. @default 1000 */
  readonly targetQuota: number;
  /** `DEMO_WORKLOAD`: `on` or `off`. @default true */
  readonly workload: boolean;
}

/** The fleet's default port of the replicator. */
export const DEFAULT_PORT = 9470;

/** A variable with a value the replicator cannot use; the message names it. */
export class ReplicatorConfigError extends Error {}

/**
 * Reads the replicator's variables. Empty variables count as unset.
 * @throws {ReplicatorConfigError} naming the first bad variable and its value.
 */
export function readReplicatorConfig(
  env: Readonly<Record<string, string | undefined>>,
): ReplicatorConfig {
  const { get, integer, oneOf } = envSettings(env, ReplicatorConfigError);
  const int = (name: string, fallback: number, max: number) => integer(name, fallback, 0, max);
  return {
    host: get('REPLICATOR_HOST') ?? '127.0.0.1',
    port: int('REPLICATOR_METRICS_PORT', DEFAULT_PORT, 65_535),
    sourceRegistryPort: int('REPLICATOR_SOURCE_REGISTRY_PORT', 0, 65_535),
    targetRegistryPort: int('REPLICATOR_TARGET_REGISTRY_PORT', 0, 65_535),
    syncIntervalMs: int('REPLICATOR_SYNC_INTERVAL_MS', 10_000, 86_400_000),
    targetQuota: int('REPLICATOR_TARGET_QUOTA', 1000, 1_000_000_000),
    workload: oneOf('DEMO_WORKLOAD', ['on', 'off']) === 'on',
  };
}
