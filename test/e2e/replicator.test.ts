import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoToExit, startDemo, type RunningDemo } from '../support/demo.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  storedLe,
  type Sample,
  type TestPrometheus,
} from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';

const READY = /^replicator ready$/m;
const BASE_ENV = {
  REPLICATOR_METRICS_PORT: '0',
  DEMO_WORKLOAD: 'off',
  // Syncs run only when the test asks, so every count below follows from its requests.
  REPLICATOR_SYNC_INTERVAL_MS: '0',
};
const DEF_BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10'];

interface Urls {
  metrics: string;
  health: string;
  api: string;
  source: string;
  target: string;
}

interface CycleReport {
  id: number;
  results: {
    resourceType: string;
    status: string;
    created: number;
    updated: number;
    deleted: number;
    outstanding: number;
    errors: { errorType: string }[];
  }[];
}

interface HealthReport {
  status: string;
  ready: boolean;
  checks: { name: string; status: string; details?: Record<string, unknown> }[];
}

function urlsOf(demo: RunningDemo): Urls {
  const line = (name: string) =>
    demo.child.stdout().match(new RegExp(`^replicator ${name}: (\\S+)$`, 'm'))![1]!;
  return {
    metrics: line('metrics'),
    health: line('health'),
    api: line('api'),
    source: line('source-registry'),
    target: line('target-registry'),
  };
}

async function call(url: string, method: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
}

async function put(registry: string, type: string, name: string, spec: object, status = 201) {
  const response = await call(`${registry}/api/v2.0/resources/${type}/${name}`, 'PUT', { spec });
  expect(response.status, await response.clone().text()).toBe(status);
}

async function sync(urls: Urls): Promise<CycleReport> {
  const response = await call(`${urls.api}/sync`, 'POST');
  expect(response.status).toBe(200);
  return (await response.json()) as CycleReport;
}

async function summary(urls: Urls): Promise<{ status: number; report: HealthReport }> {
  const response = await call(urls.health, 'GET');
  return { status: response.status, report: (await response.json()) as HealthReport };
}

function statuses(report: HealthReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
}

function byLabels(samples: readonly Sample[], ...labels: string[]): Record<string, number> {
  return Object.fromEntries(
    samples.map((s) => [labels.map((l) => s.metric[l] ?? '').join('/'), s.value]),
  );
}

function single(samples: readonly Sample[]): number {
  expect(samples).toHaveLength(1);
  return samples[0]!.value;
}

describe.each(PROMETHEUS_VERSIONS)(
  'replicator scraped by a real Prometheus %s: every seed metric, exact values',
  (version) => {
    let demo: RunningDemo;
    let urls: Urls;
    let prometheus: TestPrometheus;
    const reports: CycleReport[] = [];
    let afterFirst: { status: number; report: HealthReport };
    let duringOutage: { status: number; report: HealthReport };
    let firstBody: string;
    let secondSync: { before: number; after: number };

    beforeAll(async () => {
      demo = await startDemo(
        'demo-replicator',
        { ...BASE_ENV, REPLICATOR_TARGET_QUOTA: '8' },
        READY,
      );
      urls = urlsOf(demo);
      for (const p of ['p1', 'p2', 'p3']) await put(urls.source, 'project', p, { owner: 'team-a' });
      for (const r of ['r1', 'r2', 'r3', 'r4'])
        await put(urls.source, 'repository', r, { public: false });
      for (const b of ['b1', 'b2']) await put(urls.source, 'robot', b, { scope: 'pull' });
      // The replica starts with a drifted project and a robot the source no longer has.
      await put(urls.target, 'project', 'p1', { owner: 'someone-else' });
      await put(urls.target, 'robot', 'old-bot', { scope: 'push' });

      // Cycle 1, quota 8: update p1, create p2 p3 r1-r4 (8 held), delete old-bot, create b1; b2 is
      // refused by the quota.
      reports.push(await sync(urls));
      afterFirst = await summary(urls);
      firstBody = await (await call(urls.metrics, 'GET')).text();
      // Cycle 2, quota 20: only b2 is left to create.
      expect((await call(`${urls.target}/admin/quota`, 'PUT', { limit: 20 })).status).toBe(200);
      secondSync = { before: Date.now() / 1000, after: 0 };
      reports.push(await sync(urls));
      secondSync.after = Date.now() / 1000;
      // Cycle 3, replica down: every type fails to list the target.
      expect((await call(`${urls.target}/admin/outage`, 'PUT', { down: true })).status).toBe(200);
      reports.push(await sync(urls));
      duringOutage = await summary(urls);
      expect((await call(`${urls.target}/admin/outage`, 'PUT', { down: false })).status).toBe(200);

      prometheus = await startPrometheus([{ job: 'replicator', url: urls.metrics }], { version });
      await prometheus.waitForTargetsUp();
    });

    afterAll(async () => {
      await prometheus?.stop();
      await demo?.child.stop('SIGKILL');
    });

    it('prints every endpoint, metrics and the health summary on one port', () => {
      expect(demo.child.stdout()).toMatch(
        /^replicator metrics: http:\/\/127\.0\.0\.1:(\d+)\/metrics\nreplicator health: http:\/\/127\.0\.0\.1:\1\/health\/summary\n/m,
      );
      expect(urls.source).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('reports each cycle: success, partial on the quota, failure during the outage', () => {
      const summaryOf = (r: CycleReport) =>
        r.results.map(
          (x) =>
            `${x.resourceType}:${x.status}:${x.created}/${x.updated}/${x.deleted}/${x.outstanding}`,
        );
      expect(reports.map((r) => r.id)).toEqual([1, 2, 3]);
      expect(summaryOf(reports[0]!)).toEqual([
        'project:success:2/1/0/0',
        'repository:success:4/0/0/0',
        'robot:partial:1/0/1/1',
      ]);
      expect(reports[0]!.results[2]!.errors.map((e) => e.errorType)).toEqual(['quota_exceeded']);
      expect(summaryOf(reports[1]!)).toEqual([
        'project:success:0/0/0/0',
        'repository:success:0/0/0/0',
        'robot:success:1/0/0/0',
      ]);
      expect(summaryOf(reports[2]!).map((s) => s.split(':')[1])).toEqual([
        'failure',
        'failure',
        'failure',
      ]);
    });

    it('counts syncs by status', async () => {
      const samples = await prometheus.queryUntil(
        'harbor_replicator_sync_total',
        (s) => s.length === 3,
      );
      expect(byLabels(samples, 'status')).toEqual({ success: 5, partial: 1, failure: 3 });
      expect(samples[0]!.metric).toMatchObject({
        job: 'replicator',
        otel_scope_name: 'replicator',
      });
    });

    it('counts resources synced by the seed labels type, source and operation', async () => {
      const samples = await prometheus.query('harbor_replicator_resources_synced_total');
      expect(byLabels(samples, 'type', 'source', 'operation')).toEqual({
        'project/primary/update': 1,
        'project/primary/create': 2,
        'repository/primary/create': 4,
        'robot/primary/delete': 1,
        'robot/primary/create': 2,
      });
      // The seed's bare name is not stored: counters end in _total.
      expect(await prometheus.query('harbor_replicator_resources_synced')).toEqual([]);
    });

    it('times every sync by source and resource type in the seed DefBuckets', async () => {
      const counts = await prometheus.query('harbor_replicator_sync_duration_seconds_count');
      expect(byLabels(counts, 'source', 'resource_type')).toEqual({
        'primary/project': 3,
        'primary/repository': 3,
        'primary/robot': 3,
      });
      const buckets = await prometheus.query(
        'harbor_replicator_sync_duration_seconds_bucket{resource_type="robot"}',
      );
      expect(buckets.map((s) => s.metric.le).sort((a, b) => Number(a) - Number(b))).toEqual(
        [...DEF_BUCKETS, '+Inf'].map((bound) => storedLe(version, bound)),
      );
    });

    it('counts errors by source, resource type and error type', async () => {
      const samples = await prometheus.query('harbor_replicator_sync_errors_total');
      expect(byLabels(samples, 'source', 'resource_type', 'error_type')).toEqual({
        'primary/robot/quota_exceeded': 1,
        'primary/project/unavailable': 1,
        'primary/repository/unavailable': 1,
        'primary/robot/unavailable': 1,
      });
    });

    it('reports no active sync and an empty queue, and showed the refused robot queued after cycle 1', async () => {
      expect(single(await prometheus.query('harbor_replicator_active_syncs'))).toBe(0);
      expect(single(await prometheus.query('harbor_replicator_queue_size'))).toBe(0);
      expect(firstBody).toMatch(/^harbor_replicator_queue_size(\{[^}]*\})? 1$/m);
    });

    it('times every registry API call by registry, operation and status code', async () => {
      const samples = await prometheus.query(
        'harbor_replicator_api_call_duration_seconds_count{operation!="health"}',
      );
      expect(byLabels(samples, 'registry', 'operation', 'status_code')).toEqual({
        'primary/list/200': 9,
        'replica/list/200': 6,
        'replica/list/503': 3,
        'replica/update/200': 1,
        'replica/create/201': 8,
        'replica/create/403': 1,
        'replica/delete/204': 1,
        'replica/quota/200': 2,
        'replica/quota/503': 1,
      });
      // Health probes are timed too: at least the two summaries' worth, one of them during the outage.
      const probes = byLabels(
        await prometheus.query(
          'harbor_replicator_api_call_duration_seconds_count{operation="health"}',
        ),
        'registry',
        'status_code',
      );
      expect(probes['primary/200']).toBeGreaterThanOrEqual(2);
      expect(probes['replica/503']).toBeGreaterThanOrEqual(1);
      const buckets = await prometheus.query(
        'harbor_replicator_api_call_duration_seconds_bucket{registry="replica",operation="delete"}',
      );
      expect(byLabels(buckets, 'le')['+Inf']).toBe(1);
      expect(buckets).toHaveLength(DEF_BUCKETS.length + 1);
    });

    it('stores the time of the last successful sync of each type', async () => {
      const samples = await prometheus.query(
        'harbor_replicator_last_successful_sync_timestamp_seconds',
      );
      expect(samples.map((s) => `${s.metric.source}/${s.metric.resource_type}`).sort()).toEqual([
        'primary/project',
        'primary/repository',
        'primary/robot',
      ]);
      for (const s of samples) {
        expect(s.value).toBeGreaterThanOrEqual(secondSync.before - 0.001);
        expect(s.value).toBeLessThanOrEqual(secondSync.after + 0.001);
      }
    });

    it('exposes the health indicators: lag, drift and quota use', async () => {
      const lag = await prometheus.query('harbor_replicator_replication_lag_seconds');
      expect(lag).toHaveLength(3);
      const now = Date.now() / 1000;
      for (const s of lag) {
        expect(s.value).toBeGreaterThanOrEqual(0);
        expect(s.value).toBeLessThanOrEqual(now - secondSync.before + 1);
      }
      expect(
        byLabels(
          await prometheus.query('harbor_replicator_config_drift_resources'),
          'resource_type',
        ),
      ).toEqual({ project: 0, repository: 0, robot: 0 });
      expect(
        byLabels(await prometheus.query('harbor_replicator_quota_usage_ratio'), 'registry'),
      ).toEqual({ replica: 9 / 20 });
    });

    it('serves the health registry summary: quota full and drift after cycle 1, replica down during the outage', () => {
      expect(afterFirst.status).toBe(200);
      expect(statuses(afterFirst.report)).toEqual({
        source_instance: 'healthy',
        target_instance: 'healthy',
        replication_lag: 'degraded',
        config_drift: 'degraded',
        quota_usage: 'unhealthy',
      });
      expect(afterFirst.report).toMatchObject({ status: 'unhealthy', ready: true });
      const quota = afterFirst.report.checks.find((c) => c.name === 'quota_usage')!;
      expect(quota.details).toEqual({ used: 8, limit: 8, ratio: 1 });
      const drift = afterFirst.report.checks.find((c) => c.name === 'config_drift')!;
      expect(drift.details).toEqual({ drift: { project: 0, repository: 0, robot: 1 } });
      expect(duringOutage.status).toBe(503);
      expect(duringOutage.report.ready).toBe(false);
      expect(statuses(duringOutage.report).target_instance).toBe('unhealthy');
      expect(statuses(duringOutage.report).source_instance).toBe('healthy');
    });

    it('exposes every health check as meterline_health_check_status, all healthy once recovered', async () => {
      const current = await prometheus.query('meterline_health_check_status == 1');
      expect(byLabels(current, 'check', 'status')).toEqual({
        'source_instance/healthy': 1,
        'target_instance/healthy': 1,
        'replication_lag/healthy': 1,
        'config_drift/healthy': 1,
        'quota_usage/healthy': 1,
      });
      expect(await prometheus.query('count(meterline_health_check_status)')).toEqual([
        expect.objectContaining({ value: 15 }),
      ]);
    });

    it('carries the service identity in target_info', async () => {
      const samples = await prometheus.query('target_info');
      expect(samples[0]?.metric).toMatchObject({
        service_name: 'replicator',
        service_version: '0.1.0',
      });
    });

    it('serves bodies promtool accepts without complaint', async () => {
      const response = await call(urls.metrics, 'GET');
      expect(response.status).toBe(200);
      expect(checkMetrics(await response.text())).toEqual({ exitCode: 0, output: '' });
      expect(checkMetrics(firstBody)).toEqual({ exitCode: 0, output: '' });
    });
  },
);

describe('replicator under concurrent load', () => {
  const OPERATIONS = 10_000;
  const CONCURRENCY = 50;
  const TYPES = ['project', 'repository', 'robot'];
  let demo: RunningDemo;
  let urls: Urls;
  let prometheus: TestPrometheus;

  beforeAll(async () => {
    demo = await startDemo(
      'demo-replicator',
      { ...BASE_ENV, REPLICATOR_TARGET_QUOTA: '20000' },
      READY,
    );
    urls = urlsOf(demo);
    prometheus = await startPrometheus([{ job: 'replicator', url: urls.metrics }]);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await demo?.child.stop('SIGKILL');
  });

  /**
   * Operation `i` through the real HTTP APIs: five in ten write a new resource to the primary,
   * two read the status, one asks for a sync (joining a running cycle), one reads the health
   * summary and one scrapes the metrics, all while cycles copy the writes.
   */
  async function operate(i: number, created: Map<string, number>, cycleIds: Set<number>) {
    const kind = i % 10;
    if (kind <= 4) {
      const type = TYPES[i % 3]!;
      await put(urls.source, type, `res-${i}`, { index: i });
      created.set(type, (created.get(type) ?? 0) + 1);
    } else if (kind <= 6) {
      expect((await call(`${urls.api}/status`, 'GET')).status).toBe(200);
    } else if (kind === 7) {
      cycleIds.add((await sync(urls)).id);
    } else if (kind === 8) {
      expect((await summary(urls)).status).toBe(200);
    } else {
      const scrape = await call(urls.metrics, 'GET');
      expect(scrape.status).toBe(200);
      await scrape.arrayBuffer();
    }
  }

  it(`copies every write exactly once under ${OPERATIONS} operations at concurrency ${CONCURRENCY}`, async () => {
    const started = performance.now();
    const created = new Map<string, number>();
    const cycleIds = new Set<number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < OPERATIONS) await operate(next++, created, cycleIds);
      }),
    );
    const last = await sync(urls);
    cycleIds.add(last.id);
    const loadMs = performance.now() - started;
    const cycles = last.id;
    // Every cycle was started by one of the test's requests and answered to it.
    expect([...cycleIds].sort((a, b) => a - b)).toEqual(
      Array.from({ length: cycles }, (_, k) => k + 1),
    );
    expect(last.results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    const writes = [...created.values()].reduce((a, b) => a + b, 0);
    expect(writes).toBe(OPERATIONS / 2);
    process.stdout.write(
      `replicator load: ${OPERATIONS} operations (${writes} writes) at concurrency ${CONCURRENCY}, ${cycles} sync cycles, ${Math.round(loadMs)} ms\n`,
    );

    await prometheus.queryUntil(
      'sum(harbor_replicator_resources_synced_total)',
      (s) => s.length === 1 && s[0]!.value === writes,
    );
    await prometheus.queryUntil(
      'sum(harbor_replicator_sync_total)',
      (s) => s[0]?.value === 3 * cycles,
    );
    // A cycle reads the target's quota after its three syncs, so a scrape can land between the
    // last sync and that call (and one scrape collects instrument by instrument): wait for it too.
    await prometheus.queryUntil(
      'sum(harbor_replicator_api_call_duration_seconds_count{registry="replica",operation="quota"})',
      (s) => s[0]?.value === cycles,
    );
    expect(
      byLabels(
        await prometheus.query('harbor_replicator_resources_synced_total'),
        'type',
        'operation',
      ),
    ).toEqual(Object.fromEntries([...created].map(([type, n]) => [`${type}/create`, n])));
    expect(byLabels(await prometheus.query('harbor_replicator_sync_total'), 'status')).toEqual({
      success: 3 * cycles,
    });
    expect(
      byLabels(
        await prometheus.query('harbor_replicator_sync_duration_seconds_count'),
        'resource_type',
      ),
    ).toEqual({ project: cycles, repository: cycles, robot: cycles });
    expect(
      byLabels(
        await prometheus.query(
          'harbor_replicator_api_call_duration_seconds_count{operation!="health"}',
        ),
        'registry',
        'operation',
        'status_code',
      ),
    ).toEqual({
      'primary/list/200': 3 * cycles,
      'replica/list/200': 3 * cycles,
      'replica/create/201': writes,
      'replica/quota/200': cycles,
    });
    // Health probes ran concurrently with the syncs: one per summary at least (scrapes probe too,
    // but the exporter may serve concurrent scrapes from one collection).
    const probes = byLabels(
      await prometheus.query(
        'harbor_replicator_api_call_duration_seconds_count{operation="health"}',
      ),
      'registry',
      'status_code',
    );
    expect(Object.keys(probes).sort()).toEqual(['primary/200', 'replica/200']);
    expect(probes['primary/200']).toBeGreaterThanOrEqual(OPERATIONS / 10);
    expect(probes['replica/200']).toBeGreaterThanOrEqual(OPERATIONS / 10);
    expect(await prometheus.query('harbor_replicator_sync_errors_total')).toEqual([]);
    expect(single(await prometheus.query('harbor_replicator_active_syncs'))).toBe(0);
    expect(single(await prometheus.query('harbor_replicator_queue_size'))).toBe(0);
    expect(single(await prometheus.query('harbor_replicator_quota_usage_ratio'))).toBe(
      writes / 20_000,
    );
    for (const type of TYPES) {
      const [source, target] = await Promise.all(
        [urls.source, urls.target].map(async (r) =>
          (
            (await (await call(`${r}/api/v2.0/resources/${type}`, 'GET')).json()) as {
              name: string;
            }[]
          ).map((x) => x.name),
        ),
      );
      expect(target).toEqual(source);
    }
    const body = await (await call(urls.metrics, 'GET')).text();
    expect(checkMetrics(body)).toEqual({ exitCode: 0, output: '' });
  });
});

describe('replicator lifecycle', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`flushes and exits 0 on ${signal}`, async () => {
      const demo = await startDemo('demo-replicator', { REPLICATOR_METRICS_PORT: '0' }, READY);
      expect(demo.child.stdout()).toContain('replicator: synthetic workload running');
      expect(await demo.child.stop(signal)).toBe(0);
      expect(demo.child.stdout()).toContain(
        `replicator: ${signal} received, flushing metrics and stopping`,
      );
    });
  }

  it('refuses a bad sync interval and names the variable, exit code 2', async () => {
    const { code, stderr } = await runDemoToExit('demo-replicator', {
      REPLICATOR_METRICS_PORT: '0',
      REPLICATOR_SYNC_INTERVAL_MS: 'often',
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'REPLICATOR_SYNC_INTERVAL_MS: expected an integer 0-86400000, got "often"',
    );
  });
});
