import type { HealthIndicators } from '@meterline/instrumentation-replicator';
import type { HealthCheck, HealthCheckOptions, HealthCheckResult } from '@meterline/sdk';
import type { RegistryClient } from './registry-client.js';
import type { Replicator } from './replicator.js';

/** Thresholds of the replicator's health checks. */
export interface HealthThresholds {
  /** Replication lag above this is `degraded`. @default 120 */
  readonly lagDegradedSeconds?: number;
  /** Replication lag above this is `unhealthy`. @default 600 */
  readonly lagUnhealthySeconds?: number;
  /** Quota use at or above this share is `degraded`. @default 0.9 */
  readonly quotaDegradedRatio?: number;
}

/** A named check with its probe options, ready for `HealthRegistry.register`. */
export interface NamedCheck {
  readonly name: string;
  readonly check: HealthCheck;
  readonly options: HealthCheckOptions;
}

/**
 * The seed's custom registry of health indicators, as checks for the SDK's `HealthRegistry`:
 * - `source_instance`, `target_instance`: each registry answers its health call (readiness);
 * - `replication_lag`: time since each type's last successful sync (`degraded` until one);
 * - `config_drift`: differences left between source and target at the last comparison;
 * - `quota_usage`: the target's used share of its quota (`unhealthy` when full).
 * Only the instance checks do I/O (one timed `health` call each); the others read the replicator's
 * state, so a probe never changes what syncs report. The last three are informational
 * (`readiness: false`): the replicator still serves while they are not healthy.
 */
export function replicatorHealthChecks(
  replicator: Replicator,
  source: RegistryClient,
  target: RegistryClient,
  thresholds: HealthThresholds = {},
): NamedCheck[] {
  const lagDegraded = thresholds.lagDegradedSeconds ?? 120;
  const lagUnhealthy = thresholds.lagUnhealthySeconds ?? 600;
  const quotaDegraded = thresholds.quotaDegradedRatio ?? 0.9;
  const informational = { readiness: false };
  return [
    { name: 'source_instance', check: instanceCheck(source), options: { readiness: true } },
    { name: 'target_instance', check: instanceCheck(target), options: { readiness: true } },
    {
      name: 'replication_lag',
      options: informational,
      check(): HealthCheckResult {
        const now = Date.now();
        const lag = Object.fromEntries(
          replicator
            .typeStates()
            .map((s) => [
              s.resourceType,
              s.lastSuccessAt === undefined ? null : (now - s.lastSuccessAt) / 1000,
            ]),
        );
        const never = Object.keys(lag).filter((t) => lag[t] === null);
        if (never.length) {
          return {
            status: 'degraded',
            message: `never synced successfully: ${never.join(', ')}`,
            details: { lagSeconds: lag },
          };
        }
        const worst = Math.max(...(Object.values(lag) as number[]));
        const status =
          worst > lagUnhealthy ? 'unhealthy' : worst > lagDegraded ? 'degraded' : 'healthy';
        return {
          status,
          message: `largest lag ${worst.toFixed(1)} s`,
          details: { lagSeconds: lag },
        };
      },
    },
    {
      name: 'config_drift',
      options: informational,
      check(): HealthCheckResult {
        const states = replicator.typeStates();
        const drift = Object.fromEntries(states.map((s) => [s.resourceType, s.drift ?? null]));
        const unknown = states.filter((s) => s.drift === undefined).map((s) => s.resourceType);
        if (unknown.length) {
          return {
            status: 'degraded',
            message: `not compared yet: ${unknown.join(', ')}`,
            details: { drift },
          };
        }
        const total = states.reduce((sum, s) => sum + s.drift!, 0);
        return total === 0
          ? { status: 'healthy', details: { drift } }
          : {
              status: 'degraded',
              message: `${total} resources differ on the target`,
              details: { drift },
            };
      },
    },
    {
      name: 'quota_usage',
      options: informational,
      check(): HealthCheckResult {
        const quota = replicator.quota;
        if (!quota) return { status: 'degraded', message: 'target quota not read yet' };
        const ratio = quota.limit === 0 ? 1 : quota.used / quota.limit;
        const details = { used: quota.used, limit: quota.limit, ratio };
        if (ratio >= 1) return { status: 'unhealthy', message: 'target quota full', details };
        return { status: ratio >= quotaDegraded ? 'degraded' : 'healthy', details };
      },
    },
  ];
}

/** The indicators behind the checks, for `ReplicatorMetrics.observeHealth`. */
export function healthIndicators(
  replicator: Replicator,
  sourceName: string,
  targetName: string,
): HealthIndicators {
  const now = Date.now();
  const states = replicator.typeStates();
  const quota = replicator.quota;
  return {
    replicationLag: states
      .filter((s) => s.lastSuccessAt !== undefined)
      .map((s) => ({
        source: sourceName,
        resourceType: s.resourceType,
        seconds: (now - s.lastSuccessAt!) / 1000,
      })),
    configDrift: states
      .filter((s) => s.drift !== undefined)
      .map((s) => ({ source: sourceName, resourceType: s.resourceType, resources: s.drift! })),
    quotaUsage: quota
      ? [{ registry: targetName, ratio: quota.limit === 0 ? 1 : quota.used / quota.limit }]
      : [],
  };
}

function instanceCheck(client: RegistryClient): HealthCheck {
  return async () => {
    try {
      await client.health();
      return { status: 'healthy' };
    } catch (error) {
      return { status: 'unhealthy', message: (error as Error).message };
    }
  };
}
