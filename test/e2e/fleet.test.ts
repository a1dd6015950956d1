import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectDemos } from '../../packages/demo-fleet/src/demos.js';
import { startChild, type Child } from '../support/child.js';
import { CONTENT_TYPES } from '../../packages/exporter-prometheus/src/exposition/negotiate.js';
import {
  DEFAULT_SCRAPE_ACCEPT,
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type PrometheusVersion,
  type TestPrometheus,
} from '../support/prometheus.js';
import { parseOpenMetrics } from '../support/openmetrics-parser.js';
import { checkMetrics } from '../support/promtool.js';
import { repoRoot } from '../support/real-parts.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startScrapeRecorder, type ScrapeRecorder } from '../support/scrape-recorder.js';

// The whole fleet, as `npm start` runs it, with every port free and the agent on a real Redis,
// scraped at once by Prometheus 2.53 and 3.5 (each through a recording proxy per target, to show
// the Accept header it sends and what every endpoint answers). Exact values for the agent (seed
// 002), the file system (seed 000) and the job server's scheduled jobs (seed 001), from each
// version; each demo's own end-to-end test covers the rest of its seed.
const DEMOS = selectDemos(process.env).map((d) => d.name); // FLEET_DEMOS narrows it, as in the fleet
const ENV = {
  OTEL_EXPORTER_PROMETHEUS_PORT: '0',
  AGENT_API_PORT: '0',
  JOB_SERVER_PORT: '0',
  JOB_SERVER_METRICS_PORT: '0',
  METRICS_MODULE_METRICS_PORT: '0',
  METRICS_MODULE_GRPC_PORT: '0',
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
const prometheusOf = new Map<PrometheusVersion, TestPrometheus>();
const recordersOf = new Map<PrometheusVersion, ScrapeRecorder[]>();
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
    await Promise.all(
      PROMETHEUS_VERSIONS.map(async (version) => {
        const recorders: ScrapeRecorder[] = [];
        recordersOf.set(version, recorders);
        for (const job of jobs) recorders.push(await startScrapeRecorder(job.url));
        const prometheus = await startPrometheus(
          jobs.map((job, i) => ({ job: job.job, url: recorders[i]!.url })),
          { version },
        );
        prometheusOf.set(version, prometheus);
        await prometheus.waitForTargetsUp(60_000);
      }),
    );
  });

  afterAll(async () => {
    for (const prometheus of prometheusOf.values()) await prometheus.stop();
    for (const recorders of recordersOf.values()) {
      for (const recorder of recorders) await recorder.stop();
    }
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

  describe.each(PROMETHEUS_VERSIONS)('scraped by Prometheus %s', (version) => {
    const prometheus = () => prometheusOf.get(version)!;

    it('asks every endpoint for OpenMetrics with its Accept header, and gets it', () => {
      const seen = new Set<string>();
      for (const recorder of recordersOf.get(version)!) {
        expect(recorder.scrapes.length).toBeGreaterThan(0);
        for (const s of recorder.scrapes) seen.add(`${s.status} ${s.accept} -> ${s.contentType}`);
      }
      expect([...seen]).toEqual([
        `200 ${DEFAULT_SCRAPE_ACCEPT[version]} -> ${CONTENT_TYPES.openmetrics}`,
      ]);
    });

    it('scrapes every target without a problem', async () => {
      const jobs = [...endpoints.keys()].filter((k) => k.endsWith(' metrics'));
      await prometheus().waitForScrapeAfter(jobs[0]!.replace(/ metrics$/, ''), Date.now());
      expect(await prometheus().scrapeProblems()).toEqual([]);
      const up = await prometheus().query('up');
      expect(up.length).toBe(jobs.length);
      expect(up.filter((s) => s.value !== 1)).toEqual([]);
      const scraped = await prometheus().query('scrape_samples_scraped');
      expect(scraped.filter((s) => !(s.value > 0))).toEqual([]);
    });

    it('runs the storage agent on the real Redis and counts its operations exactly', async (ctx) => {
      if (!DEMOS.includes('storage-agent')) return ctx.skip();
      expect(fleet.stderr()).toContain('[storage-agent] storage-agent storage: redis');
      const samples = await prometheus().queryUntil(
        'storage_operations_total{job="storage-agent",backend="redis"}',
        (s) => s.length === 3,
      );
      expect(Object.fromEntries(samples.map((s) => [s.metric.operation, s.value]))).toEqual({
        put: PUTS,
        get: GETS,
        delete: DELETES,
      });
      expect(total(await prometheus().query('messages_received_total{job="storage-agent"}'))).toBe(
        PUTS + GETS + DELETES,
      );
      expect(await redis.command('DBSIZE')).toBe(`:${PUTS - DELETES}\r\n`);
    });

    it('runs the file system, one endpoint per component, with exact counts', async (ctx) => {
      if (!DEMOS.includes('dfs')) return ctx.skip();
      const ops = await prometheus().query('client_file_operations_total{job="dfs-client"}');
      expect(
        Object.fromEntries(ops.map((s) => [`${s.metric.operation}/${s.metric.status}`, s.value])),
      ).toEqual({
        'write/success': 2,
        'read/success': 1,
      });
      expect(
        total(await prometheus().query('master_metadata_cache_hits_total{job="dfs-master"}')),
      ).toBe(1);
      expect(
        total(await prometheus().query('chunkserver_chunk_operations_total{operation="write"}')),
      ).toBe(4);
      expect(
        total(await prometheus().queryUntil('metalogger_log_entries_total', (s) => total(s) === 2)),
      ).toBe(2);
    });

    it('runs the job server and counts the submitted jobs', async (ctx) => {
      if (!DEMOS.includes('job-server')) return ctx.skip();
      const scheduled = await prometheus().queryUntil(
        'sum(hodei_jobs_scheduled_total)',
        (s) => s.length === 1 && s[0]!.value === JOBS,
      );
      expect(scheduled[0]!.value).toBe(JOBS);
      // The fleet runs it as a node:cluster service: two workers behind the primary's endpoint.
      const workers = await prometheus().queryUntil(
        'meterline_cluster_workers{job="job-server"}',
        (s) => s.length === 1 && s[0]!.value === 2,
      );
      expect(workers[0]!.value).toBe(2);
    });

    it('stores dotted OTel names as Meterline escapes them, though 3.5 offers UTF-8', async () => {
      // `process.open_fds` is served as `process_open_fds` whatever the Accept header says.
      expect((await prometheus().query('process_open_fds')).length).toBeGreaterThan(0);
      expect(await prometheus().query('{__name__="process.open_fds"}')).toEqual([]);
    });

    it('serves bodies its promtool check metrics accepts on every metrics endpoint', async () => {
      const tool = version === '2.53' ? 'promtool' : 'promtool3';
      for (const [key, target] of endpoints) {
        if (!key.endsWith(' metrics')) continue;
        const body = await (await fetch(target)).text();
        expect({ key, ...checkMetrics(body, tool) }).toEqual({ key, exitCode: 0, output: '' });
      }
    });
  });

  it('serves OpenMetrics bodies the strict Python parser accepts on every metrics endpoint', async () => {
    for (const [key, target] of endpoints) {
      if (!key.endsWith(' metrics')) continue;
      const response = await fetch(target, { headers: { accept: DEFAULT_SCRAPE_ACCEPT['3.5'] } });
      expect(response.headers.get('content-type')).toBe(CONTENT_TYPES.openmetrics);
      const result = parseOpenMetrics(await response.text());
      expect({ key, error: result.error }).toEqual({ key, error: undefined });
      expect(result.families!.length).toBeGreaterThan(1);
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
