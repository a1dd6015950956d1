import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoToExit, startDemo, type RunningDemo } from '../support/demo.js';
import { pollUntil } from '../support/poll.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  storedLe,
  type Sample,
  type TestPrometheus,
} from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';

const BASE_ENV = {
  JOB_SERVER_PORT: '0',
  DEMO_WORKLOAD: 'off',
  // Workers stay healthy for the whole test unless they say otherwise.
  JOB_SERVER_HEARTBEAT_TIMEOUT_MS: '600000',
};
const READY = /^job-server ready$/m;
const HOUR_MS = 3_600_000;

/** A client of the job server's API that tallies every request it makes by its metric labels. */
class ApiClient {
  readonly tally = new Map<string, number>();
  constructor(readonly base: string) {}

  async call(method: string, path: string, endpoint: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const key = `${method} ${endpoint} ${response.status}`;
    this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
    return response;
  }

  async json<T>(method: string, path: string, endpoint: string, status: number, body?: unknown) {
    const response = await this.call(method, path, endpoint, body);
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(status);
    return JSON.parse(text) as T;
  }

  get requests(): number {
    return [...this.tally.values()].reduce((a, b) => a + b, 0);
  }

  /** Polls the cluster stats (tallied) until nothing is waiting or running, or until `accept`. */
  async settle(accept: (s: Stats) => boolean = (s) => s.queueSize === 0): Promise<Stats> {
    return pollUntil(
      async () => {
        const stats = await this.json<Stats>('GET', '/api/v1/cluster/stats', STATS, 200);
        return accept(stats) ? stats : undefined;
      },
      { what: 'the job queue to settle', timeoutMs: 30_000, intervalMs: 20 },
    );
  }
}

interface Stats {
  totalWorkers: number;
  healthyWorkers: number;
  queuedJobs: number;
  reservedJobs: number;
  queueSize: number;
}

const JOBS = '/api/v1/jobs';
const WORKERS = '/api/v1/workers';
const HEARTBEAT = '/api/v1/workers/:id/heartbeat';
const STATS = '/api/v1/cluster/stats';

/** `{ "<label values joined by />": value }` of a query result, for exact comparison. */
function byLabels(samples: readonly Sample[], ...labels: string[]): Record<string, number> {
  return Object.fromEntries(
    samples.map((s) => [labels.map((l) => s.metric[l] ?? '').join('/'), s.value]),
  );
}

function single(samples: readonly Sample[]): number {
  expect(samples).toHaveLength(1);
  return samples[0]!.value;
}

function tallyObject(tally: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...tally].map(([key, n]) => {
      const [method, endpoint, status] = key.split(' ');
      return [`${method}/${endpoint}/${status}`, n];
    }),
  );
}

describe.each(PROMETHEUS_VERSIONS)(
  'job server scraped by a real Prometheus %s: every seed metric, exact values',
  (version) => {
    let demo: RunningDemo;
    let api: ApiClient;
    let prometheus: TestPrometheus;
    let metricsUrl: string;

    beforeAll(async () => {
      demo = await startDemo('demo-job-server', BASE_ENV, READY);
      metricsUrl = demo.metrics.get('job-server')!;
      api = new ApiClient(demo.child.stdout().match(/^job-server api: (\S+)\/api\/v1$/m)![1]!);
      const submit = (tenantId: string, extra: Record<string, unknown> = {}) =>
        api.json('POST', JOBS, JOBS, 201, { tenantId, durationMs: 0, ...extra });

      await api.json('GET', '/health', '/health', 200);
      // A: three jobs and no worker: the head job is deferred, all three wait.
      for (let i = 0; i < 3; i++) await submit('acme');
      expect((await api.settle((s) => s.queuedJobs === 3)).queueSize).toBe(3);
      // B: w1 (2 slots) takes two at once and the third is deferred; w2 and w3 join.
      await api.json('POST', WORKERS, WORKERS, 201, { id: 'w1', slots: 2 });
      await api.json('POST', WORKERS, WORKERS, 201, { id: 'w2', slots: 1 });
      await api.json('POST', WORKERS, WORKERS, 201, { id: 'w3', slots: 2 });
      await api.settle();
      // C: three failures, placed at once (5 free slots).
      await submit('acme', { outcome: 'failure', errorType: 'timeout' });
      await submit('globex', { outcome: 'failure', errorType: 'exit_code' });
      await submit('globex', { outcome: 'failure', errorType: 'timeout' });
      await api.settle();
      // D: resource reports; w3 says it is unhealthy, leaving 3 slots (w1: 2, w2: 1).
      await api.json('POST', '/api/v1/workers/w1/heartbeat', HEARTBEAT, 200, {
        cpuPercent: 37.5,
        memoryMb: 2048,
      });
      await api.json('POST', '/api/v1/workers/w2/heartbeat', HEARTBEAT, 200, {
        cpuPercent: 80,
        memoryMb: 1024,
      });
      await api.json('POST', '/api/v1/workers/w3/heartbeat', HEARTBEAT, 200, {
        cpuPercent: 99.5,
        memoryMb: 4096,
        healthy: false,
      });
      // E: four long jobs for 3 slots: three run (reserved) until the end, the fourth waits.
      for (const tenant of ['acme', 'acme', 'globex', 'globex']) {
        await submit(tenant, { durationMs: HOUR_MS });
      }
      // F: bad requests are refused with a reason and change no job metric.
      const bad = await api.call('POST', JOBS, JOBS, { tenantId: 'no spaces allowed', extra: 1 });
      expect(bad.status).toBe(400);
      const reason = await bad.text();
      expect(reason).toContain('body.tenantId: expected 1-64 characters');
      expect(reason).toContain('body: Unrecognized key: \\"extra\\"');
      expect((await api.call('POST', JOBS, JOBS, '{oops')).status).toBe(400);
      expect(
        (await api.call('POST', '/api/v1/workers/ghost/heartbeat', HEARTBEAT, {})).status,
      ).toBe(404);
      expect((await api.call('GET', '/nowhere', 'unmatched')).status).toBe(404);
      expect((await api.call('DELETE', JOBS, JOBS)).status).toBe(405);
      const stats = await api.json<Stats>('GET', STATS, STATS, 200);
      expect(stats).toEqual({
        totalWorkers: 3,
        healthyWorkers: 2,
        queuedJobs: 1,
        reservedJobs: 3,
        queueSize: 4,
      });

      prometheus = await startPrometheus([{ job: 'job-server', url: metricsUrl }], { version });
      await prometheus.waitForTargetsUp();
    });

    afterAll(async () => {
      await prometheus?.stop();
      await demo?.child.stop('SIGKILL');
    });

    it('prints its endpoints, metrics on the API port at /api/v1/metrics', () => {
      expect(demo.child.stdout()).toMatch(
        /^job-server metrics: http:\/\/127\.0\.0\.1:(\d+)\/api\/v1\/metrics\njob-server api: http:\/\/127\.0\.0\.1:\1\/api\/v1\n/m,
      );
    });

    it('counts 10 scheduled jobs by tenant', async () => {
      const q = (e: string) => prometheus.queryUntil(e, (s) => s.length > 0);
      expect(single(await q('sum(hodei_jobs_scheduled_total)'))).toBe(10);
      const samples = await prometheus.query('hodei_jobs_scheduled_total');
      expect(byLabels(samples, 'tenant_id')).toEqual({ acme: 6, globex: 4 });
      expect(samples[0]!.metric).toMatchObject({
        job: 'job-server',
        otel_scope_name: 'job-server',
      });
    });

    it('counts completed and failed jobs, failures by tenant and error type', async () => {
      expect(byLabels(await prometheus.query('hodei_jobs_completed_total'), 'tenant_id')).toEqual({
        acme: 3,
      });
      const failed = await prometheus.query('hodei_jobs_failed_total');
      expect(byLabels(failed, 'tenant_id', 'error_type')).toEqual({
        'acme/timeout': 1,
        'globex/exit_code': 1,
        'globex/timeout': 1,
      });
    });

    it('reports queued jobs and the queue size (waiting plus reserved) from the cluster stats', async () => {
      expect(single(await prometheus.query('hodei_jobs_queued'))).toBe(1);
      expect(single(await prometheus.query('hodei_queue_size'))).toBe(4);
    });

    it('reports workers: registered, healthy, and hodei_workers_total as a gauge of that exact name', async () => {
      expect(single(await prometheus.query('hodei_workers_registered_total'))).toBe(3);
      expect(single(await prometheus.query('hodei_workers_healthy'))).toBe(2);
      expect(single(await prometheus.query('hodei_workers_total'))).toBe(3);
      const metadata = (await (
        await fetch(`${prometheus.url}/api/v1/metadata?metric=hodei_workers_total`)
      ).json()) as { data: Record<string, { type: string }[]> };
      expect(metadata.data.hodei_workers_total?.[0]?.type).toBe('gauge');
      expect(await prometheus.query('hodei_workers_total_total')).toEqual([]);
    });

    it('counts scheduling decisions by type and times each one in 1 ms … 10 s buckets', async () => {
      const decisions = await prometheus.query('hodei_scheduling_decisions_total');
      expect(byLabels(decisions, 'decision_type')).toEqual({ assigned: 9, deferred: 3 });
      expect(single(await prometheus.query('hodei_scheduling_latency_seconds_count'))).toBe(12);
      const buckets = await prometheus.query('hodei_scheduling_latency_seconds_bucket');
      expect(buckets.map((s) => s.metric.le).sort((a, b) => Number(a) - Number(b))).toEqual(
        ['0.001', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10']
          .concat('+Inf')
          .map((bound) => storedLe(version, bound)),
      );
      expect(byLabels(buckets, 'le')['+Inf']).toBe(12);
    });

    it('records the queue wait of every assigned job in 100 ms … 10 min buckets', async () => {
      expect(single(await prometheus.query('hodei_queue_wait_time_seconds_count'))).toBe(9);
      const buckets = byLabels(
        await prometheus.query('hodei_queue_wait_time_seconds_bucket'),
        'le',
      );
      expect(Object.keys(buckets).sort((a, b) => Number(a) - Number(b))).toEqual(
        ['0.1', '0.5', '1', '2.5', '5', '10', '30', '60', '300', '600']
          .concat('+Inf')
          .map((bound) => storedLe(version, bound)),
      );
      expect(buckets[storedLe(version, '600')]).toBe(9);
    });

    it('reports CPU and memory per worker as last reported', async () => {
      expect(byLabels(await prometheus.query('hodei_cpu_usage_percent'), 'worker_id')).toEqual({
        w1: 37.5,
        w2: 80,
        w3: 99.5,
      });
      expect(byLabels(await prometheus.query('hodei_memory_usage_mb'), 'worker_id')).toEqual({
        w1: 2048,
        w2: 1024,
        w3: 4096,
      });
    });

    it('counts every API request by method, route template and status, and times each', async () => {
      const samples = await prometheus.query('hodei_http_requests_total');
      expect(byLabels(samples, 'method', 'endpoint', 'status_code')).toEqual(
        tallyObject(api.tally),
      );
      expect(single(await prometheus.query('sum(hodei_http_requests_total)'))).toBe(api.requests);
      expect(single(await prometheus.query('hodei_http_request_duration_seconds_count'))).toBe(
        api.requests,
      );
    });

    it('counts events published and received (one per subscriber) and reports 3 subscribers', async () => {
      const published = { 'job.submitted': 10, 'job.assigned': 9, 'job.completed': 3 };
      const others = { 'job.failed': 3, 'worker.registered': 3, 'worker.heartbeat': 3 };
      expect(
        byLabels(await prometheus.query('hodei_events_published_total'), 'event_type'),
      ).toEqual({
        ...published,
        ...others,
      });
      // The scheduler and the event log hear every type but job.assigned; the executor hears that.
      expect(byLabels(await prometheus.query('hodei_events_received_total'), 'event_type')).toEqual(
        {
          'job.submitted': 20,
          'job.assigned': 18,
          'job.completed': 6,
          'job.failed': 6,
          'worker.registered': 6,
          'worker.heartbeat': 6,
        },
      );
      expect(single(await prometheus.query('hodei_event_bus_subscribers'))).toBe(3);
    });

    it('answers the documented PromQL, and shows why the seed alert expression cannot work', async () => {
      const p95 = await prometheus.queryUntil(
        'histogram_quantile(0.95, sum by (le) (rate(hodei_scheduling_latency_seconds_bucket[5m])))',
        (samples) => samples.length === 1,
      );
      expect(p95).toHaveLength(1);
      // The seed's alert names the histogram family, which stores no series of that exact name.
      expect(
        await prometheus.query('histogram_quantile(0.95, hodei_scheduling_latency_seconds)'),
      ).toEqual([]);
    });

    it('carries the service identity in target_info', async () => {
      const samples = await prometheus.query('target_info');
      expect(samples[0]?.metric).toMatchObject({
        service_name: 'job-server',
        service_version: '0.1.0',
      });
    });

    it('serves a well-formed body; promtool only objects to the two seed names that break its lint', async () => {
      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      const lint = checkMetrics(await response.text());
      expect(lint).toEqual({
        exitCode: 3,
        output: [
          'hodei_memory_usage_mb metric names should not contain abbreviated units',
          'hodei_workers_total non-counter metrics should not have "_total" suffix',
        ].join('\n'),
      });
    });
  },
);

describe('job server under concurrent load (prometheus naming)', () => {
  const OPERATIONS = 10_000;
  const CONCURRENCY = 50;
  const WORKER_IDS = ['lw0', 'lw1', 'lw2', 'lw3'];
  let demo: RunningDemo;
  let api: ApiClient;
  let prometheus: TestPrometheus;
  let metricsUrl: string;
  const expected = {
    scheduled: new Map<string, number>(),
    completed: new Map<string, number>(),
    failed: new Map<string, number>(),
    heartbeats: 0,
  };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  beforeAll(async () => {
    demo = await startDemo(
      'demo-job-server',
      { ...BASE_ENV, JOB_SERVER_METRIC_NAMES: 'prometheus' },
      READY,
    );
    metricsUrl = demo.metrics.get('job-server')!;
    api = new ApiClient(demo.child.stdout().match(/^job-server api: (\S+)\/api\/v1$/m)![1]!);
    prometheus = await startPrometheus([{ job: 'job-server', url: metricsUrl }]);
    // 10,000 slots: no job ever waits, so every decision is an assignment.
    for (const id of WORKER_IDS) {
      await api.json('POST', WORKERS, WORKERS, 201, { id, slots: 2500 });
    }
  });

  afterAll(async () => {
    await prometheus?.stop();
    await demo?.child.stop('SIGKILL');
  });

  /** Operation `i`: six in ten submit a job (one of those fails), two heartbeat, two read. */
  async function operate(i: number): Promise<void> {
    const kind = i % 10;
    if (kind <= 5) {
      const tenantId = `t${i % 5}`;
      const failure = kind === 5;
      const errorType = i % 20 === 5 ? 'timeout' : 'oom';
      await api.json('POST', JOBS, JOBS, 201, {
        tenantId,
        durationMs: 0,
        ...(failure ? { outcome: 'failure', errorType } : {}),
      });
      bump(expected.scheduled, tenantId);
      if (failure) bump(expected.failed, `${tenantId}/${errorType}`);
      else bump(expected.completed, tenantId);
    } else if (kind <= 7) {
      const w = i % WORKER_IDS.length;
      await api.json('POST', `/api/v1/workers/${WORKER_IDS[w]!}/heartbeat`, HEARTBEAT, 200, {
        cpuPercent: 10 * (w + 1),
        memoryMb: 100 + w,
      });
      expected.heartbeats++;
    } else if (kind === 8) {
      await api.json('GET', `${JOBS}?limit=5&tenantId=t${i % 5}`, JOBS, 200);
    } else {
      await api.json('GET', STATS, STATS, 200);
    }
  }

  it(`keeps counters and histogram counts exact over ${OPERATIONS} operations at concurrency ${CONCURRENCY}`, async () => {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < OPERATIONS) await operate(next++);
      }),
    );
    const loadMs = performance.now() - started;
    await api.settle();
    const submitted = OPERATIONS * 0.6;
    const finished = [...expected.completed.values(), ...expected.failed.values()];
    expect(finished.reduce((a, b) => a + b, 0)).toBe(submitted);
    process.stdout.write(
      `job-server load: ${OPERATIONS} operations at concurrency ${CONCURRENCY} in ${Math.round(loadMs)} ms\n`,
    );

    // The last scrape must start after the last request settled.
    const requests = api.requests;
    await prometheus.waitForScrapeAfter('job-server', Date.now());
    await prometheus.queryUntil(
      'sum(hodei_http_requests_total)',
      (s) => s.length === 1 && s[0]!.value === requests,
    );
    const byTenant = (m: Map<string, number>) => Object.fromEntries(m);
    expect(byLabels(await prometheus.query('hodei_jobs_scheduled_total'), 'tenant_id')).toEqual(
      byTenant(expected.scheduled),
    );
    expect(byLabels(await prometheus.query('hodei_jobs_completed_total'), 'tenant_id')).toEqual(
      byTenant(expected.completed),
    );
    expect(
      byLabels(await prometheus.query('hodei_jobs_failed_total'), 'tenant_id', 'error_type'),
    ).toEqual(byTenant(expected.failed));
    expect(
      byLabels(await prometheus.query('hodei_scheduling_decisions_total'), 'decision_type'),
    ).toEqual({ assigned: submitted });
    expect(single(await prometheus.query('hodei_scheduling_latency_seconds_count'))).toBe(
      submitted,
    );
    expect(single(await prometheus.query('hodei_queue_wait_time_seconds_count'))).toBe(submitted);
    expect(
      byLabels(
        await prometheus.query('hodei_http_requests_total'),
        'method',
        'endpoint',
        'status_code',
      ),
    ).toEqual(tallyObject(api.tally));
    expect(single(await prometheus.query('hodei_http_request_duration_seconds_count'))).toBe(
      requests,
    );
    const failedJobs = OPERATIONS * 0.1;
    expect(byLabels(await prometheus.query('hodei_events_published_total'), 'event_type')).toEqual({
      'job.submitted': submitted,
      'job.assigned': submitted,
      'job.completed': submitted - failedJobs,
      'job.failed': failedJobs,
      'worker.registered': WORKER_IDS.length,
      'worker.heartbeat': expected.heartbeats,
    });
    // Two subscribers hear each type: the event log, plus the scheduler or (job.assigned) the executor.
    expect(byLabels(await prometheus.query('hodei_events_received_total'), 'event_type')).toEqual({
      'job.submitted': 2 * submitted,
      'job.assigned': 2 * submitted,
      'job.completed': 2 * (submitted - failedJobs),
      'job.failed': 2 * failedJobs,
      'worker.registered': 2 * WORKER_IDS.length,
      'worker.heartbeat': 2 * expected.heartbeats,
    });
    expect(single(await prometheus.query('hodei_workers'))).toBe(WORKER_IDS.length);
    expect(single(await prometheus.query('hodei_queue_size'))).toBe(0);
    // Each worker always reports the same memory, so the last report is known despite reordering.
    expect(byLabels(await prometheus.query('hodei_memory_usage_bytes'), 'worker_id')).toEqual(
      Object.fromEntries(WORKER_IDS.map((id, w) => [id, (100 + w) * 1024 * 1024])),
    );
  });

  it('serves a body promtool accepts without complaint with the prometheus naming', async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toMatch(/^hodei_workers\{/m);
    expect(body).not.toMatch(/^hodei_workers_total/m);
    expect(checkMetrics(body)).toEqual({ exitCode: 0, output: '' });
  });
});

describe('job server lifecycle', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`flushes and exits 0 on ${signal}`, async () => {
      const demo = await startDemo('demo-job-server', { JOB_SERVER_PORT: '0' }, READY);
      expect(demo.child.stdout()).toContain('job-server: synthetic workload running');
      const code = await demo.child.stop(signal);
      expect(code).toBe(0);
      expect(demo.child.stdout()).toContain(
        `job-server: ${signal} received, flushing metrics and stopping`,
      );
    });
  }

  it('refuses a bad port and names the variable, exit code 2', async () => {
    const { code, stderr } = await runDemoToExit('demo-job-server', { JOB_SERVER_PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toContain('JOB_SERVER_PORT: expected an integer 0-65535, got "eighty"');
  });
});
