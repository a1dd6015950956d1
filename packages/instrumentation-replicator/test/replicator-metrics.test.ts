import { describe, expect, it } from 'vitest';
import { GO_DEFAULT_BUCKETS } from '@meterline/instrumentation-kit';
import { ReplicatorMetrics, noopMetricsCollector } from '../src/index.js';
import { points, scrapedMeter, testMeter, typesOf } from '../../../test/support/instrumentation.js';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';

function histogramPoints(metric: MetricData | undefined) {
  if (metric?.dataPointType !== DataPointType.HISTOGRAM) throw new Error('not a histogram');
  return metric.dataPoints.map((p) => ({ attributes: p.attributes, ...p.value }));
}

describe('ReplicatorMetrics', () => {
  it('exposes every metric under its Prometheus name and type', async () => {
    const scraped = await scrapedMeter('replicator');
    try {
      const m = new ReplicatorMetrics(scraped.meter);
      const sync = m.recordSyncStart('primary', 'project');
      m.recordResourceSynced(sync, 'create');
      m.recordError(sync, 'unavailable');
      m.recordSyncComplete(sync, 'success');
      m.recordApiCall('primary', 'list', 200, 0.01);
      m.setQueueSize(0);
      m.observeHealth(() => ({
        replicationLag: [{ source: 'primary', resourceType: 'project', seconds: 1 }],
        configDrift: [{ source: 'primary', resourceType: 'project', resources: 0 }],
        quotaUsage: [{ registry: 'replica', ratio: 0.5 }],
      }));
      const types = typesOf(await scraped.scrape(), 'harbor_replicator_');
      expect(Object.fromEntries(types)).toEqual({
        harbor_replicator_sync_total: 'counter',
        // The seed's name lacks _total; counters get it (and promtool requires it).
        harbor_replicator_resources_synced_total: 'counter',
        harbor_replicator_sync_duration_seconds: 'histogram',
        harbor_replicator_sync_errors_total: 'counter',
        harbor_replicator_active_syncs: 'gauge',
        harbor_replicator_queue_size: 'gauge',
        harbor_replicator_api_call_duration_seconds: 'histogram',
        harbor_replicator_last_successful_sync_timestamp_seconds: 'gauge',
        harbor_replicator_replication_lag_seconds: 'gauge',
        harbor_replicator_config_drift_resources: 'gauge',
        harbor_replicator_quota_usage_ratio: 'gauge',
      });
    } finally {
      await scraped.close();
    }
  });

  it('tracks a sync from start to completion: active, status, duration, last success', async () => {
    const t = testMeter();
    const m = new ReplicatorMetrics(t.meter);
    const before = Date.now() / 1000;
    const sync = m.recordSyncStart('primary', 'robot');
    expect(points((await t.collect()).get('harbor_replicator_active_syncs'))).toEqual([[{}, 1]]);
    m.recordSyncComplete(sync, 'success');
    const after = Date.now() / 1000;
    const metrics = await t.collect();
    expect(points(metrics.get('harbor_replicator_active_syncs'))).toEqual([[{}, 0]]);
    expect(points(metrics.get('harbor_replicator_sync'))).toEqual([[{ status: 'success' }, 1]]);
    const [duration] = histogramPoints(metrics.get('harbor_replicator_sync_duration_seconds'));
    expect(duration).toMatchObject({
      attributes: { source: 'primary', resource_type: 'robot' },
      count: 1,
    });
    expect(duration!.buckets.boundaries).toEqual(GO_DEFAULT_BUCKETS);
    const [[labels, at]] = points(
      metrics.get('harbor_replicator_last_successful_sync_timestamp_seconds'),
    ) as [[object, number]];
    expect(labels).toEqual({ source: 'primary', resource_type: 'robot' });
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });

  it('ignores a second completion of the same sync', async () => {
    const t = testMeter();
    const m = new ReplicatorMetrics(t.meter);
    const sync = m.recordSyncStart('primary', 'project');
    m.recordSyncComplete(sync, 'failure');
    m.recordSyncComplete(sync, 'success');
    const metrics = await t.collect();
    expect(points(metrics.get('harbor_replicator_active_syncs'))).toEqual([[{}, 0]]);
    expect(points(metrics.get('harbor_replicator_sync'))).toEqual([[{ status: 'failure' }, 1]]);
    expect(metrics.has('harbor_replicator_last_successful_sync_timestamp_seconds')).toBe(false);
  });

  it('labels resources synced with the seed labels type, source and operation', async () => {
    const t = testMeter();
    const m = new ReplicatorMetrics(t.meter);
    const sync = m.recordSyncStart('primary', 'repository');
    m.recordResourceSynced(sync, 'create');
    m.recordResourceSynced(sync, 'create');
    m.recordResourceSynced(sync, 'delete');
    m.recordError(sync, 'quota_exceeded');
    const metrics = await t.collect();
    expect(points(metrics.get('harbor_replicator_resources_synced'))).toEqual([
      [{ type: 'repository', source: 'primary', operation: 'create' }, 2],
      [{ type: 'repository', source: 'primary', operation: 'delete' }, 1],
    ]);
    expect(points(metrics.get('harbor_replicator_sync_errors'))).toEqual([
      [{ source: 'primary', resource_type: 'repository', error_type: 'quota_exceeded' }, 1],
    ]);
  });

  it('times API calls by registry, operation and status, "error" when no response came', async () => {
    const t = testMeter();
    const m = new ReplicatorMetrics(t.meter);
    m.recordApiCall('replica', 'create', 201, 0.004);
    m.recordApiCall('replica', 'create', 'error', 0.2);
    const hist = histogramPoints(
      (await t.collect()).get('harbor_replicator_api_call_duration_seconds'),
    );
    expect(hist.map((h) => [h.attributes, h.count])).toEqual([
      [{ registry: 'replica', operation: 'create', status_code: '201' }, 1],
      [{ registry: 'replica', operation: 'create', status_code: 'error' }, 1],
    ]);
    expect(hist[0]!.buckets.boundaries).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
  });

  it('reports the queue size from a source over a set value', async () => {
    const t = testMeter();
    const m = new ReplicatorMetrics(t.meter);
    m.setQueueSize(7);
    expect(points((await t.collect()).get('harbor_replicator_queue_size'))).toEqual([[{}, 7]]);
    m.observeQueueSize(() => 2);
    expect(points((await t.collect()).get('harbor_replicator_queue_size'))).toEqual([[{}, 2]]);
  });

  it('skips health indicators while their source throws, and exposes them once it answers', async () => {
    const t = testMeter();
    const m = new ReplicatorMetrics(t.meter);
    let fail = true;
    m.observeHealth(() => {
      if (fail) throw new Error('status unavailable');
      return {
        replicationLag: [{ source: 'primary', resourceType: 'project', seconds: 12 }],
        configDrift: [{ source: 'primary', resourceType: 'robot', resources: 3 }],
        quotaUsage: [{ registry: 'replica', ratio: 0.75 }],
      };
    });
    expect((await t.collect()).has('harbor_replicator_replication_lag_seconds')).toBe(false);
    fail = false;
    const metrics = await t.collect();
    expect(points(metrics.get('harbor_replicator_replication_lag_seconds'))).toEqual([
      [{ source: 'primary', resource_type: 'project' }, 12],
    ]);
    expect(points(metrics.get('harbor_replicator_config_drift_resources'))).toEqual([
      [{ source: 'primary', resource_type: 'robot' }, 3],
    ]);
    expect(points(metrics.get('harbor_replicator_quota_usage_ratio'))).toEqual([
      [{ registry: 'replica' }, 0.75],
    ]);
  });

  it('offers a collector that records nothing, for sync code under test', () => {
    const sync = noopMetricsCollector.recordSyncStart('a', 'b');
    expect(sync).toEqual({ source: 'a', resourceType: 'b', startedAt: 0 });
    expect(() => noopMetricsCollector.recordSyncComplete(sync, 'success')).not.toThrow();
  });
});
