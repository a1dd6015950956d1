import { afterEach, describe, expect, it } from 'vitest';
import { createJobServer, type JobServer } from '../src/job-server.js';
import { parseRequest, submitJobSchema } from '../src/requests.js';
import { testMetrics } from './metrics-reader.js';

let server: JobServer | undefined;
afterEach(() => server?.stop());

const job = (tenantId: string, extra: Record<string, unknown> = {}) =>
  parseRequest(submitJobSchema, { tenantId, durationMs: 60_000, ...extra });

describe('Scheduler', () => {
  it('defers the head job once while no worker fits, then assigns in submission order', async () => {
    const t = testMetrics();
    server = createJobServer(t.metrics);
    const [a, b, c] = ['acme', 'acme', 'globex'].map((tenant) =>
      server!.scheduler.submit(job(tenant)),
    );
    expect(await t.read('hodei_scheduling_decisions')).toEqual({ deferred: 1 });
    server.workers.register({ id: 'w1', slots: 2 });
    expect([a, b, c].map((j) => `${j!.state}:${j!.workerId ?? '-'}`)).toEqual([
      'running:w1',
      'running:w1',
      'queued:-',
    ]);
    expect(await t.read('hodei_scheduling_decisions')).toEqual({ deferred: 2, assigned: 2 });
    expect(await t.read('hodei_scheduling_latency_seconds')).toEqual({ '': 4 });
    expect(await t.read('hodei_queue_wait_time_seconds')).toEqual({ '': 2 });
    expect(server.scheduler.clusterStats()).toEqual({
      totalWorkers: 1,
      healthyWorkers: 1,
      queuedJobs: 1,
      reservedJobs: 2,
      queueSize: 3,
    });
    expect(await t.read('hodei_jobs_scheduled')).toEqual({ acme: 2, globex: 1 });
  });

  it('places a job on the healthy worker with the most free slots', () => {
    server = createJobServer(testMetrics().metrics);
    server.workers.register({ id: 'small', slots: 1 });
    server.workers.register({ id: 'big', slots: 3 });
    server.workers.register({ id: 'sick', slots: 9 });
    server.workers.heartbeat('sick', { healthy: false });
    expect(server.scheduler.submit(job('acme')).workerId).toBe('big');
  });

  it('treats a worker whose heartbeat is older than the timeout as unhealthy', async () => {
    let now = 1_000_000;
    const t = testMetrics();
    server = createJobServer(t.metrics, { heartbeatTimeoutMs: 1000, now: () => now });
    server.workers.register({ id: 'w1', slots: 1 });
    now += 1001;
    expect(server.scheduler.submit(job('acme')).state).toBe('queued');
    expect(server.scheduler.clusterStats().healthyWorkers).toBe(0);
    server.workers.heartbeat('w1', { healthy: true });
    expect(server.scheduler.clusterStats()).toMatchObject({ healthyWorkers: 1, queuedJobs: 0 });
    expect(await t.read('hodei_scheduling_decisions')).toEqual({ deferred: 1, assigned: 1 });
  });

  it('counts finished jobs by outcome, frees the slot and takes the next job', async () => {
    const t = testMetrics();
    server = createJobServer(t.metrics);
    server.workers.register({ id: 'w1', slots: 1 });
    const failing = server.scheduler.submit(job('acme', { outcome: 'failure', errorType: 'oom' }));
    const next = server.scheduler.submit(job('acme'));
    expect(next.state).toBe('queued');
    server.scheduler.finish(failing.id);
    expect(failing.state).toBe('failed');
    expect(next.state).toBe('running');
    server.scheduler.finish(next.id);
    server.scheduler.finish(next.id); // a second end of the same job changes nothing
    expect(await t.read('hodei_jobs_failed')).toEqual({ 'acme/oom': 1 });
    expect(await t.read('hodei_jobs_completed')).toEqual({ acme: 1 });
    expect(server.scheduler.clusterStats().queueSize).toBe(0);
  });

  it('forgets the oldest finished jobs past retainFinished', () => {
    server = createJobServer(testMetrics().metrics, { retainFinished: 2 });
    server.workers.register({ id: 'w1', slots: 10 });
    const jobs = [1, 2, 3].map(() => server!.scheduler.submit(job('acme')));
    for (const j of jobs) server.scheduler.finish(j.id);
    expect(server.scheduler.get(jobs[0]!.id)).toBeUndefined();
    expect(server.scheduler.list({ limit: 10 }).jobs.map((j) => j.id)).toEqual([
      jobs[2]!.id,
      jobs[1]!.id,
    ]);
  });

  it('runs simulated jobs for their duration, then ends them', async () => {
    const t = testMetrics();
    server = createJobServer(t.metrics);
    server.workers.register({ id: 'w1', slots: 1 });
    const quick = server.scheduler.submit(job('acme', { durationMs: 0 }));
    expect(server.executor.running).toBe(1);
    await new Promise<void>((resolve) => {
      const off = server!.bus.subscribe(['job.completed'], () => {
        off();
        resolve();
      });
    });
    expect(quick.state).toBe('completed');
    expect(await t.read('hodei_jobs_completed')).toEqual({ acme: 1 });
  });
});
