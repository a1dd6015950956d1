import { describe, expect, it } from 'vitest';
import { GO_DEFAULT_BUCKETS, LATENCY_1MS_10S_BUCKETS } from '@meterline/instrumentation-kit';
import { QUEUE_WAIT_BUCKETS, createJobServerMetrics } from '../src/index.js';
import {
  histogram,
  points,
  scrapedMeter,
  testMeter,
  typesOf,
} from '../../../test/support/instrumentation.js';

/** Records at least one value on every metric. */
function recordEverything(m: ReturnType<typeof createJobServerMetrics>) {
  m.jobs.scheduled('acme');
  m.jobs.completed('acme');
  m.jobs.failed('acme', 'timeout');
  m.jobs.setQueued(2);
  m.workers.registered();
  m.workers.setHealthy(1);
  m.workers.setTotal(3);
  m.scheduling.latency(0.002);
  m.scheduling.decision('assigned');
  m.resources.setCpuUsage('w1', 12.5);
  m.resources.setMemoryUsage('w1', 512);
  m.queue.setSize(4);
  m.queue.waitTime(0.7);
  m.http.request('GET', '/health', 200, 0.004);
  m.events.published('job.submitted');
  m.events.received('job.submitted');
  m.events.setSubscribers(3);
}

describe('createJobServerMetrics', () => {
  it('exposes all 18 seed metrics under their exact Prometheus names and types', async () => {
    const scraped = await scrapedMeter('job-server');
    try {
      recordEverything(createJobServerMetrics(scraped.meter));
      const types = typesOf(await scraped.scrape(), 'hodei_');
      expect(Object.fromEntries(types)).toEqual({
        hodei_jobs_scheduled_total: 'counter',
        hodei_jobs_completed_total: 'counter',
        hodei_jobs_failed_total: 'counter',
        hodei_jobs_queued: 'gauge',
        hodei_workers_registered_total: 'counter',
        hodei_workers_healthy: 'gauge',
        // A gauge ending in _total keeps its name: the exporter appends _total to counters only.
        hodei_workers_total: 'gauge',
        hodei_scheduling_latency_seconds: 'histogram',
        hodei_scheduling_decisions_total: 'counter',
        hodei_cpu_usage_percent: 'gauge',
        hodei_memory_usage_mb: 'gauge',
        hodei_queue_size: 'gauge',
        hodei_queue_wait_time_seconds: 'histogram',
        hodei_http_requests_total: 'counter',
        hodei_http_request_duration_seconds: 'histogram',
        hodei_events_published_total: 'counter',
        hodei_events_received_total: 'counter',
        hodei_event_bus_subscribers: 'gauge',
      });
    } finally {
      await scraped.close();
    }
  });

  it('serves the seed sample lines for gauges ending in _total and counters', async () => {
    const scraped = await scrapedMeter('job-server');
    try {
      const m = createJobServerMetrics(scraped.meter);
      m.workers.setTotal(7);
      m.jobs.scheduled('default');
      const body = await scraped.scrape();
      expect(body).toMatch(/^hodei_workers_total\{[^}]*\} 7$/m);
      expect(body).not.toContain('hodei_workers_total_total');
      expect(body).toMatch(/^hodei_jobs_scheduled_total\{tenant_id="default",[^}]*\} 1$/m);
    } finally {
      await scraped.close();
    }
  });

  it('counts jobs by tenant and failures by tenant and error type', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter);
    for (let i = 0; i < 6; i++) m.jobs.scheduled('acme');
    for (let i = 0; i < 4; i++) m.jobs.scheduled('globex');
    m.jobs.completed('acme');
    m.jobs.failed('acme', 'timeout');
    m.jobs.failed('globex', 'timeout');
    m.jobs.failed('globex', 'timeout');
    const metrics = await t.collect();
    expect(points(metrics.get('hodei_jobs_scheduled'))).toEqual([
      [{ tenant_id: 'acme' }, 6],
      [{ tenant_id: 'globex' }, 4],
    ]);
    expect(points(metrics.get('hodei_jobs_completed'))).toEqual([[{ tenant_id: 'acme' }, 1]]);
    expect(points(metrics.get('hodei_jobs_failed'))).toEqual([
      [{ tenant_id: 'acme', error_type: 'timeout' }, 1],
      [{ tenant_id: 'globex', error_type: 'timeout' }, 2],
    ]);
  });

  it('gives the three histograms the seed buckets as advice, in seconds', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter);
    m.scheduling.latency(0.0004);
    m.scheduling.latency(0.02);
    m.queue.waitTime(45);
    m.http.request('POST', '/api/v1/jobs', 201, 0.03);
    const metrics = await t.collect();
    const latency = histogram(metrics.get('hodei_scheduling_latency_seconds'));
    expect(latency.buckets.boundaries).toEqual(LATENCY_1MS_10S_BUCKETS);
    expect(latency.buckets.boundaries).toEqual([
      0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
    expect(latency.count).toBe(2);
    expect(latency.buckets.counts.slice(0, 5)).toEqual([1, 0, 0, 1, 0]);
    const wait = histogram(metrics.get('hodei_queue_wait_time_seconds'));
    expect(wait.buckets.boundaries).toEqual(QUEUE_WAIT_BUCKETS);
    expect(wait.buckets.boundaries).toEqual([0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600]);
    expect(wait.buckets.counts[7]).toBe(1); // 30 < 45 <= 60
    const http = histogram(metrics.get('hodei_http_request_duration_seconds'));
    expect(http.buckets.boundaries).toEqual(GO_DEFAULT_BUCKETS);
    expect(http.sum).toBe(0.03);
    expect(metrics.get('hodei_scheduling_latency_seconds')!.descriptor.unit).toBe('s');
  });

  it('labels HTTP requests with method, endpoint and status code as a string', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter);
    m.http.request('GET', '/health', 200, 0.005);
    m.http.request('GET', '/health', 200, 0.001);
    m.http.request('POST', '/api/v1/jobs', 400, 0.001);
    const metrics = await t.collect();
    expect(points(metrics.get('hodei_http_requests'))).toEqual([
      [{ method: 'GET', endpoint: '/health', status_code: '200' }, 2],
      [{ method: 'POST', endpoint: '/api/v1/jobs', status_code: '400' }, 1],
    ]);
    expect(histogram(metrics.get('hodei_http_request_duration_seconds')).count).toBe(3);
  });

  it('reports gauges only once a value is set, and the latest value', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter);
    expect((await t.collect()).has('hodei_workers_healthy')).toBe(false);
    m.workers.setHealthy(10);
    m.workers.setHealthy(9);
    m.events.setSubscribers(2);
    const metrics = await t.collect();
    expect(points(metrics.get('hodei_workers_healthy'))).toEqual([[{}, 9]]);
    expect(points(metrics.get('hodei_event_bus_subscribers'))).toEqual([[{}, 2]]);
  });

  it('reads the cluster gauges from one source call per collection, over set values', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter);
    m.workers.setTotal(99);
    let calls = 0;
    m.observeCluster(() => {
      calls++;
      return { totalWorkers: 3, healthyWorkers: 2, queuedJobs: 1, queueSize: 4 };
    });
    const metrics = await t.collect();
    expect(calls).toBe(1);
    expect(points(metrics.get('hodei_workers_total'))).toEqual([[{}, 3]]);
    expect(points(metrics.get('hodei_workers_healthy'))).toEqual([[{}, 2]]);
    expect(points(metrics.get('hodei_jobs_queued'))).toEqual([[{}, 1]]);
    expect(points(metrics.get('hodei_queue_size'))).toEqual([[{}, 4]]);
  });

  it('skips gauges whose source throws and still reports the others', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter);
    m.observeCluster(() => {
      throw new Error('scheduler gone');
    });
    m.events.observeSubscribers(() => 5);
    const metrics = await t.collect();
    expect(metrics.has('hodei_workers_total')).toBe(false);
    expect(points(metrics.get('hodei_event_bus_subscribers'))).toEqual([[{}, 5]]);
  });

  it('reports CPU and memory per worker, the source winning over set values', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter);
    m.resources.setCpuUsage('w1', 10);
    m.resources.setMemoryUsage('w1', 100);
    m.resources.setCpuUsage('w2', 20);
    m.observeWorkerResources(() => [
      { workerId: 'w1', cpuPercent: 55.5 },
      { workerId: 'w3', memoryMb: 2048 },
    ]);
    const metrics = await t.collect();
    expect(points(metrics.get('hodei_cpu_usage_percent'))).toEqual([
      [{ worker_id: 'w1' }, 55.5],
      [{ worker_id: 'w2' }, 20],
    ]);
    expect(points(metrics.get('hodei_memory_usage_mb'))).toEqual([
      [{ worker_id: 'w1' }, 100],
      [{ worker_id: 'w3' }, 2048],
    ]);
    expect(metrics.get('hodei_cpu_usage_percent')!.descriptor.unit).toBe('%');
  });

  it('reports worker memory in bytes when asked, under a name promtool accepts', async () => {
    const t = testMeter();
    const m = createJobServerMetrics(t.meter, { memoryInBytes: true });
    m.resources.setMemoryUsage('w1', 2);
    const metrics = await t.collect();
    expect(metrics.has('hodei_memory_usage_mb')).toBe(false);
    expect(points(metrics.get('hodei_memory_usage_bytes'))).toEqual([
      [{ worker_id: 'w1' }, 2 * 1024 * 1024],
    ]);
    expect(metrics.get('hodei_memory_usage_bytes')!.descriptor.unit).toBe('By');
  });
});
