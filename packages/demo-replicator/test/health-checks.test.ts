import { afterEach, describe, expect, it } from 'vitest';
import { healthIndicators, replicatorHealthChecks } from '../src/health-checks.js';
import type { QuotaState, Replicator, TypeState } from '../src/replicator.js';
import { twoRegistries } from './registries.js';

let cleanup: (() => Promise<unknown>) | undefined;
afterEach(async () => cleanup?.());

/** A replicator's state as the checks read it. */
function stateOf(types: TypeState[], quota?: QuotaState): Replicator {
  return { typeStates: () => types, quota } as unknown as Replicator;
}

async function run(replicator: Replicator) {
  const r = await twoRegistries();
  cleanup = r.close;
  const checks = replicatorHealthChecks(replicator, r.sourceClient, r.targetClient, {
    lagDegradedSeconds: 60,
    lagUnhealthySeconds: 300,
  });
  const results: Record<string, unknown> = {};
  for (const c of checks) {
    const outcome = await c.check();
    results[c.name] = typeof outcome === 'string' ? outcome : outcome.status;
  }
  return { results, checks, registries: r };
}

describe('replicator health checks', () => {
  it('are degraded before the first sync', async () => {
    const { results, checks } = await run(stateOf([{ resourceType: 'project' }]));
    expect(results).toEqual({
      source_instance: 'healthy',
      target_instance: 'healthy',
      replication_lag: 'degraded',
      config_drift: 'degraded',
      quota_usage: 'degraded',
    });
    expect(checks.map((c) => [c.name, c.options.readiness])).toEqual([
      ['source_instance', true],
      ['target_instance', true],
      ['replication_lag', false],
      ['config_drift', false],
      ['quota_usage', false],
    ]);
  });

  it('grade lag, drift and quota use by their thresholds', async () => {
    const now = Date.now();
    const { results } = await run(
      stateOf(
        [
          { resourceType: 'project', lastSuccessAt: now - 400_000, drift: 0 },
          { resourceType: 'robot', lastSuccessAt: now - 1000, drift: 2 },
        ],
        { used: 95, limit: 100, readAt: now },
      ),
    );
    expect(results).toMatchObject({
      replication_lag: 'unhealthy',
      config_drift: 'degraded',
      quota_usage: 'degraded',
    });
  });

  it('report an unreachable registry as unhealthy, naming the call', async () => {
    const { checks, registries } = await run(stateOf([]));
    registries.target.store.down = true;
    const target = checks.find((c) => c.name === 'target_instance')!;
    expect(await target.check()).toEqual({
      status: 'unhealthy',
      message: 'replica GET /api/v2.0/health: 503 registry unavailable',
    });
  });

  it('feed the indicator gauges from the same state', () => {
    const now = Date.now();
    const indicators = healthIndicators(
      stateOf(
        [
          { resourceType: 'project', lastSuccessAt: now - 2000, drift: 1 },
          { resourceType: 'robot' },
        ],
        { used: 3, limit: 4, readAt: now },
      ),
      'primary',
      'replica',
    );
    const lag = [...indicators.replicationLag];
    expect(lag.map((l) => l.resourceType)).toEqual(['project']);
    expect(lag[0]!.seconds).toBeGreaterThanOrEqual(2);
    expect([...indicators.configDrift]).toEqual([
      { source: 'primary', resourceType: 'project', resources: 1 },
    ]);
    expect([...indicators.quotaUsage]).toEqual([{ registry: 'replica', ratio: 0.75 }]);
  });
});
