import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../support/demo.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';

// The job server demo run as a node:cluster service (JOB_SERVER_WORKERS=4): four job servers
// share the API port, the primary serves their metrics merged on its own port, and a real
// Prometheus scraping that one endpoint sees every request any worker served.

let demo: RunningDemo | undefined;
let prometheus: TestPrometheus | undefined;
afterEach(async () => {
  await prometheus?.stop();
  prometheus = undefined;
  if (demo) expect(await demo.child.stop('SIGTERM')).toBe(0);
  demo = undefined;
});

/** POST on a fresh connection (node:cluster spreads connections over the workers); the status. */
function submit(api: string, tenantId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${api}/jobs`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ tenantId, durationMs: 0 }));
  });
}

describe('job server with JOB_SERVER_WORKERS=4', () => {
  it('serves one endpoint whose counters sum every worker', async () => {
    demo = await startDemo(
      'demo-job-server',
      {
        JOB_SERVER_WORKERS: '4',
        JOB_SERVER_PORT: '0',
        DEMO_WORKLOAD: 'off',
        OTEL_METRICS_EXPORTER: 'prometheus',
      },
      /^job-server ready$/m,
    );
    expect(demo.child.stdout()).toMatch(/^job-server: 4 worker processes$/m);
    const api = demo.child.stdout().match(/^job-server api: (\S+)$/m)![1]!;
    prometheus = await startPrometheus([
      { job: 'job-server', url: demo.metrics.get('job-server')! },
    ]);
    await prometheus.waitForTargetsUp();

    const statuses = await Promise.all(
      Array.from({ length: 120 }, (_, i) => submit(api, `tenant-${i % 3}`)),
    );
    expect(statuses.every((s) => s === 201)).toBe(true);
    const ok = 'hodei_http_requests_total{endpoint="/api/v1/jobs",method="POST",status_code="201"}';
    const samples = await prometheus.queryUntil(`sum(${ok})`, (s) => s[0]?.value === 120);
    expect(samples[0]!.value).toBe(120);
    expect((await prometheus.query('meterline_cluster_workers'))[0]!.value).toBe(4);
    // The per-tenant submissions, summed over the workers that took them.
    const byTenant = await prometheus.query('sum by (tenant_id) (hodei_jobs_scheduled_total)');
    expect(Object.fromEntries(byTenant.map((s) => [s.metric.tenant_id, s.value]))).toEqual({
      'tenant-0': 40,
      'tenant-1': 40,
      'tenant-2': 40,
    });
    // No simulated worker registered: every job waits. Gauges merge by the default policy, `sum`,
    // so the queue gauge is the service's whole queue, over four job servers.
    expect((await prometheus.query('hodei_jobs_queued'))[0]!.value).toBe(120);
    expect(await prometheus.scrapeProblems()).toEqual([]);
  });
});
