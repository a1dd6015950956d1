import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild } from '../support/child.js';
import { startDemo, type RunningDemo } from '../support/demo.js';
import { startPrometheus, type Sample, type TestPrometheus } from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';
import { repoRoot } from '../support/real-parts.js';
import { freePort, startRedis, type TestRedis } from '../support/redis.js';

// Known operations through the agent's API, then a concurrent load; every expected value below
// follows from these numbers.
const PUTS = 12;
const GETS = 7; // keys k0..k6, all present
const MISSES = 3; // gets of keys never written
const DELETES = 5; // keys k0..k4
const LOAD_OPS = 10_000; // put, get, delete in turn, on 50 keys
const LOAD_CONCURRENCY = 50;
const LOAD = {
  put: Math.ceil(LOAD_OPS / 3),
  get: Math.ceil((LOAD_OPS - 1) / 3),
  delete: Math.floor(LOAD_OPS / 3),
};
const EXPECTED = {
  put: PUTS + LOAD.put,
  get: GETS + MISSES + LOAD.get,
  delete: DELETES + LOAD.delete,
};
const MESSAGES = EXPECTED.put + EXPECTED.get + EXPECTED.delete;

let redis: TestRedis;
let agent: RunningDemo;
let apiUrl: string;
let metricsUrl: string;
let prometheus: TestPrometheus;
let dir: string;

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function send(message: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${apiUrl}/messages`, {
    method: 'POST',
    body: JSON.stringify(message),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

function byOperation(samples: Sample[]): Record<string, number> {
  return Object.fromEntries(
    samples.map((s) => [`${s.metric.operation}/${s.metric.backend}`, s.value]),
  );
}

describe('storage agent on a real Redis, configured by its YAML file', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meterline-agent-redis-'));
    redis = await startRedis();
    const metricsPort = await freePort();
    const config = writeConfig(
      'agent.yaml',
      [
        'metrics:',
        '  enabled: true',
        `  port: ${metricsPort}`,
        '  path: /agent/metrics',
        'storage:',
        '  backend: redis',
        '  redis:',
        `    url: ${redis.url}`,
        '    keyPrefix: "e2e:"',
        '',
      ].join('\n'),
    );
    agent = await startDemo(
      'demo-storage-agent',
      { AGENT_CONFIG: config, AGENT_API_PORT: '0', DEMO_WORKLOAD: 'off' },
      /^storage-agent ready$/m,
    );
    apiUrl = agent.child.stdout().match(/storage-agent api: (\S+)\/messages/)![1]!;
    metricsUrl = agent.metrics.get('storage-agent')!;
    expect(metricsUrl).toBe(`http://127.0.0.1:${metricsPort}/agent/metrics`);

    for (let i = 0; i < PUTS; i++) await send({ op: 'put', key: `k${i}`, value: `v${i}` });
    for (let i = 0; i < GETS; i++) {
      expect((await send({ op: 'get', key: `k${i}` })).value).toBe(`v${i}`);
    }
    for (let i = 0; i < MISSES; i++) {
      expect((await send({ op: 'get', key: `absent${i}` })).value).toBeNull();
    }
    for (let i = 0; i < DELETES; i++) {
      expect((await send({ op: 'delete', key: `k${i}` })).existed).toBe(true);
    }

    // Concurrent load: 50 workers take operation numbers from one counter until 10,000 are done.
    const ops = ['put', 'get', 'delete'] as const;
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < LOAD_OPS; n = next++) {
        const key = `load${n % 50}`;
        const op = ops[n % 3]!;
        await send(op === 'put' ? { op, key, value: `x${n}` } : { op, key });
      }
    };
    await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));

    prometheus = await startPrometheus([{ job: 'storage-agent', url: metricsUrl }]);
    await prometheus.waitForTargetsUp();
  });

  afterAll(async () => {
    await prometheus?.stop();
    await agent?.child.stop('SIGKILL');
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves metrics on the port and path of its YAML file', () => {
    expect(agent.child.stdout()).toMatch(/^storage-agent storage: redis$/m);
    expect(agent.child.stdout()).toContain(`storage-agent metrics: ${metricsUrl}\n`);
  });

  it('keeps the data in Redis under its key prefix', async () => {
    expect(await redis.command('GET', 'e2e:k11')).toBe('$3\r\nv11\r\n');
    expect(await redis.command('EXISTS', 'e2e:k0')).toBe(':0\r\n');
    expect(await redis.command('EXISTS', 'k11')).toBe(':0\r\n');
  });

  it('counts every Redis operation exactly, under concurrent load too', async () => {
    const samples = await prometheus.queryUntil(
      'storage_operations_total{backend="redis"}',
      (s) => s.length === 3,
    );
    expect(byOperation(samples)).toEqual({
      'put/redis': EXPECTED.put,
      'get/redis': EXPECTED.get,
      'delete/redis': EXPECTED.delete,
    });
    expect(await prometheus.query('storage_operations_total{backend="local"}')).toEqual([]);
  });

  it('times every Redis operation, histogram counts equal to the counters', async () => {
    const counts = await prometheus.query(
      'sum by (operation, backend) (storage_operation_duration_seconds_count)',
    );
    expect(byOperation(counts)).toEqual({
      'put/redis': EXPECTED.put,
      'get/redis': EXPECTED.get,
      'delete/redis': EXPECTED.delete,
    });
    const inf = await prometheus.query(
      'sum by (operation) (storage_operation_duration_seconds_bucket{le="+Inf"})',
    );
    expect(Object.fromEntries(inf.map((s) => [s.metric.operation, s.value]))).toEqual(EXPECTED);
  });

  it('counts and times every message handled', async () => {
    const [received] = await prometheus.query('messages_received_total');
    expect(received?.value).toBe(MESSAGES);
    const [timed] = await prometheus.query('message_processing_duration_seconds_count');
    expect(timed?.value).toBe(MESSAGES);
  });

  it('reports the seed process gauges through SDK views', async () => {
    const [memory] = await prometheus.query('process_memory_bytes');
    expect(memory?.value).toBeGreaterThan(10_000_000);
    const cpu = await prometheus.query('process_cpu_usage');
    expect(cpu.map((s) => s.metric.process_cpu_state).sort()).toEqual(['system', 'user']);
    // The hand-made gauges are gone: the renamed streams replace the OTel-named ones.
    expect(await prometheus.query('process_memory_usage')).toEqual([]);
    expect(await prometheus.query('process_cpu_utilization')).toEqual([]);
  });

  it('serves a body that promtool check metrics accepts without complaint', async () => {
    const response = await fetch(metricsUrl);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toMatch(
      new RegExp(`^storage_operations_total\\{.*operation="put".*\\} ${EXPECTED.put}$`, 'm'),
    );
    expect(checkMetrics(body)).toEqual({ exitCode: 0, output: '' });
  });
});

describe('storage agent configuration', () => {
  let configDir: string;
  beforeAll(() => {
    configDir = mkdtempSync(join(tmpdir(), 'meterline-agent-config-'));
  });
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  it('starts no metrics server with metrics.enabled false, logs it, and keeps serving', async () => {
    const config = join(configDir, 'disabled.yaml');
    writeFileSync(config, 'metrics:\n  enabled: false\n  port: 8080\n');
    const demo = await startDemo(
      'demo-storage-agent',
      { AGENT_CONFIG: config, AGENT_API_PORT: '0', DEMO_WORKLOAD: 'off' },
      /^storage-agent ready$/m,
    );
    try {
      expect(demo.metrics.size).toBe(0);
      expect(demo.child.stderr()).toContain('Metrics endpoint disabled');
      const api = demo.child.stdout().match(/storage-agent api: (\S+)\/messages/)![1]!;
      const response = await fetch(`${api}/messages`, {
        method: 'POST',
        body: JSON.stringify({ op: 'put', key: 'a', value: 'b' }),
      });
      expect(response.status).toBe(200);
    } finally {
      expect(await demo.child.stop('SIGINT')).toBe(0);
    }
  });

  it('refuses a bad file with exit code 2, naming the file, line and key', async () => {
    const config = join(configDir, 'bad.yaml');
    writeFileSync(config, 'metrics:\n  port: 99999\nstorage:\n  backend: disk\n');
    const child = startChild(
      process.execPath,
      [join(repoRoot, 'packages/demo-storage-agent/dist/main.js')],
      { env: { ...process.env, AGENT_CONFIG: config } },
    );
    expect(await child.exited()).toBe(2);
    expect(child.stderr()).toContain(
      `${config}:2:9: metrics.port: expected a port number (an integer 0-65535), got 99999`,
    );
    expect(child.stderr()).toContain(
      `${config}:4:12: storage.backend: expected "local" or "redis", got "disk"`,
    );
  });

  it('fails fast with exit code 1 and the address when Redis is unreachable', async () => {
    const port = await freePort();
    const child = startChild(
      process.execPath,
      [join(repoRoot, 'packages/demo-storage-agent/dist/main.js')],
      {
        env: {
          ...process.env,
          AGENT_REDIS_URL: `redis://127.0.0.1:${port}`,
          OTEL_EXPORTER_PROMETHEUS_PORT: '0',
        },
      },
    );
    expect(await child.exited()).toBe(1);
    expect(child.stderr()).toContain(`storage-agent: cannot connect to redis 127.0.0.1:${port}`);
  });
});
