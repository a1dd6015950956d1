import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectDemos } from '../../packages/demo-fleet/src/demos.js';
import { startChild, type Child } from '../support/child.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';
import { repoRoot } from '../support/real-parts.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// The whole fleet, as `npm start` runs it, with every port free and the agent on a real Redis.
// Exact values for the agent (seed 002), the file system (seed 000) and the job server's
// scheduled jobs (seed 001); each demo's own end-to-end test covers the rest of its seed.
const DEMOS = selectDemos(process.env).map((d) => d.name); // FLEET_DEMOS narrows it, as in the fleet
const ENV = {
  OTEL_EXPORTER_PROMETHEUS_PORT: '0',
  AGENT_API_PORT: '0',
  JOB_SERVER_PORT: '0',
  REPLICATOR_METRICS_PORT: '0',
  DFS_BASE_PORT: '0',
  DEMO_WORKLOAD: 'off',
  // The job server's seed names include two promtool rejects (a gauge named `_total`, `_mb`); its
  // own test covers them. Here every body must pass promtool, so it serves Prometheus names.
  JOB_SERVER_METRIC_NAMES: 'prometheus',
};
const ENDPOINT = /^(\S+) ([\w-]+): (https?:\/\/\S+)$/;
const PUTS = 5;
const GETS = 3;
const DELETES = 2;
const JOBS = 10;

let redis: TestRedis;
let fleet: Child;
let prometheus: TestPrometheus;
/** `<service> <kind>` -> URL, from the fleet's own stdout. */
const endpoints = new Map<string, string>();

function url(service: string, kind = 'metrics'): string {
  const found = endpoints.get(`${service} ${kind}`);
  if (!found)
    throw new Error(`no "${service} ${kind}" line; got ${[...endpoints.keys()].join(', ')}`);
  return found;
}

function total(samples: { value: number }[]): number {
  return samples.reduce((sum, s) => sum + s.value, 0);
}

describe('the demo fleet', () => {
  beforeAll(async () => {
    redis = await startRedis();
    fleet = startChild(process.execPath, [join(repoRoot, 'packages/demo-fleet/dist/main.js')], {
      env: { ...process.env, ...ENV, AGENT_REDIS_URL: redis.url },
    });
    await fleet.waitForOutput(/^fleet ready$/m, 90_000);
    for (const line of fleet.stdout().split('\n')) {
      const match = ENDPOINT.exec(line);
      if (match) endpoints.set(`${match[1]} ${match[2]}`, match[3]!);
    }

    if (DEMOS.includes('storage-agent')) {
      const agent = url('storage-agent', 'api');
      const send = async (message: Record<string, string>) => {
        const response = await fetch(agent, { method: 'POST', body: JSON.stringify(message) });
        expect(response.status).toBe(200);
      };
      for (let i = 0; i < PUTS; i++) await send({ op: 'put', key: `k${i}`, value: 'v' });
      for (let i = 0; i < GETS; i++) await send({ op: 'get', key: `k${i}` });
      for (let i = 0; i < DELETES; i++) await send({ op: 'delete', key: `k${i}` });
    }
    if (DEMOS.includes('dfs')) {
      const dfs = url('dfs', 'api');
      for (const name of ['a', 'b']) {
        const put = await fetch(`${dfs}/files/${name}`, { method: 'PUT', body: 'x'.repeat(100) });
        expect(put.status).toBe(201);
      }
      expect((await fetch(`${dfs}/files/a`)).status).toBe(200);
    }
    if (DEMOS.includes('job-server')) {
      for (let i = 0; i < JOBS; i++) {
        const response = await fetch(`${url('job-server', 'api')}/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tenantId: 'fleet', durationMs: 0 }),
        });
        expect(response.status).toBe(201);
      }
    }

    const jobs = [...endpoints]
      .filter(([key]) => key.endsWith(' metrics'))
      .map(([key, target]) => ({ job: key.replace(/ metrics$/, ''), url: target }));
    prometheus = await startPrometheus(jobs);
    await prometheus.waitForTargetsUp(60_000);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await fleet?.stop('SIGKILL');
    await redis?.stop();
  });

  it('re-prints every endpoint line of every demo, then "fleet ready"', () => {
    const printed = fleet.stdout().trim().split('\n');
    expect(printed[printed.length - 1]).toBe('fleet ready');
    // Each demo's own lines reach the fleet's stderr as `[<demo>] <line>`.
    const demoLines = fleet
      .stderr()
      .split('\n')
      .map((line) => /^\[([\w-]+)\] (.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && ENDPOINT.test(m[2]!));
    expect(demoLines.length).toBeGreaterThan(0);
    for (const [, , line] of demoLines) expect(printed).toContain(line);
    expect(new Set(demoLines.map((m) => m[1]))).toEqual(new Set(DEMOS));
    if (DEMOS.includes('storage-agent')) url('storage-agent');
    if (DEMOS.includes('job-server')) url('job-server');
    if (DEMOS.includes('dfs')) {
      for (const c of [
        'master',
        'metalogger',
        'chunkserver-1',
        'chunkserver-2',
        'chunkserver-3',
        'client',
      ]) {
        expect(url(`dfs-${c}`)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      }
    }
    if (DEMOS.includes('replicator')) {
      expect(
        [...endpoints.keys()].some((k) => k.startsWith('replicator') && k.endsWith(' metrics')),
      ).toBe(true);
    }
  });

  it('runs the storage agent on the real Redis and counts its operations exactly', async (ctx) => {
    if (!DEMOS.includes('storage-agent')) return ctx.skip();
    expect(fleet.stderr()).toContain('[storage-agent] storage-agent storage: redis');
    const samples = await prometheus.queryUntil(
      'storage_operations_total{job="storage-agent",backend="redis"}',
      (s) => s.length === 3,
    );
    expect(Object.fromEntries(samples.map((s) => [s.metric.operation, s.value]))).toEqual({
      put: PUTS,
      get: GETS,
      delete: DELETES,
    });
    expect(total(await prometheus.query('messages_received_total{job="storage-agent"}'))).toBe(
      PUTS + GETS + DELETES,
    );
    expect(await redis.command('DBSIZE')).toBe(`:${PUTS - DELETES}\r\n`);
  });

  it('runs the file system, one endpoint per component, with exact counts', async (ctx) => {
    if (!DEMOS.includes('dfs')) return ctx.skip();
    const ops = await prometheus.query('client_file_operations_total{job="dfs-client"}');
    expect(
      Object.fromEntries(ops.map((s) => [`${s.metric.operation}/${s.metric.status}`, s.value])),
    ).toEqual({
      'write/success': 2,
      'read/success': 1,
    });
    expect(
      total(await prometheus.query('master_metadata_cache_hits_total{job="dfs-master"}')),
    ).toBe(1);
    expect(
      total(await prometheus.query('chunkserver_chunk_operations_total{operation="write"}')),
    ).toBe(4);
    expect(
      total(await prometheus.queryUntil('metalogger_log_entries_total', (s) => total(s) === 2)),
    ).toBe(2);
  });

  it('runs the job server and counts the submitted jobs', async (ctx) => {
    if (!DEMOS.includes('job-server')) return ctx.skip();
    const scheduled = await prometheus.queryUntil(
      'sum(hodei_jobs_scheduled_total)',
      (s) => s.length === 1 && s[0]!.value === JOBS,
    );
    expect(scheduled[0]!.value).toBe(JOBS);
  });

  it('serves bodies promtool check metrics accepts on every metrics endpoint', async () => {
    for (const [key, target] of endpoints) {
      if (!key.endsWith(' metrics')) continue;
      const body = await (await fetch(target)).text();
      expect({ key, ...checkMetrics(body) }).toEqual({ key, exitCode: 0, output: '' });
    }
  });

  it('stops every demo on SIGINT and exits 0', async () => {
    const code = await fleet.stop('SIGINT', 30_000);
    expect(code).toBe(0);
    for (const demo of DEMOS) {
      expect(fleet.stderr()).toMatch(new RegExp(`^\\[${demo}\\] .*SIGINT received`, 'm'));
    }
  });
});
