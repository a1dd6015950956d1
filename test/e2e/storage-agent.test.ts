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

// Known operations driven through the agent's API; every expected value below follows from them.
const PUTS = 10;
const GETS = 6;
const DELETES = 4;
const MESSAGES = PUTS + GETS + DELETES;
const PEERS_CONNECTED = 3;
const PEERS_DISCONNECTED = 1;

let agent: RunningDemo;
let apiUrl: string;
let prometheus: TestPrometheus;

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${apiUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
}

function value(samples: Sample[]): number {
  expect(samples).toHaveLength(1);
  return samples[0]!.value;
}

describe.each(PROMETHEUS_VERSIONS)('storage agent scraped by a real Prometheus %s', (version) => {
  beforeAll(async () => {
    agent = await startDemo(
      'demo-storage-agent',
      { OTEL_EXPORTER_PROMETHEUS_PORT: '0', AGENT_API_PORT: '0', AGENT_WORKLOAD: 'off' },
      /storage-agent api: (\S+)\/messages/,
    );
    apiUrl = agent.child.stdout().match(/storage-agent api: (\S+)\/messages/)![1]!;

    for (let i = 0; i < PUTS; i++) {
      expect((await post('/messages', { op: 'put', key: `k${i}`, value: `v${i}` })).status).toBe(
        200,
      );
    }
    for (let i = 0; i < GETS; i++) {
      const answer = (await (await post('/messages', { op: 'get', key: `k${i}` })).json()) as {
        value: string;
      };
      expect(answer.value).toBe(`v${i}`);
    }
    for (let i = 0; i < DELETES; i++) {
      expect((await post('/messages', { op: 'delete', key: `k${i}` })).status).toBe(200);
    }
    // Invalid messages are refused and not counted as handled.
    expect((await post('/messages', { op: 'explode', key: 'x' })).status).toBe(400);
    expect((await fetch(`${apiUrl}/messages`, { method: 'POST', body: '{not json' })).status).toBe(
      400,
    );
    for (let i = 0; i < PEERS_CONNECTED; i++) {
      expect((await fetch(`${apiUrl}/peers/p${i}`, { method: 'PUT' })).status).toBe(200);
    }
    expect((await fetch(`${apiUrl}/peers/p0`, { method: 'DELETE' })).status).toBe(200);

    prometheus = await startPrometheus(
      [{ job: 'storage-agent', url: agent.metrics.get('storage-agent')! }],
      { version },
    );
    await prometheus.waitForTargetsUp();
  });

  afterAll(async () => {
    await prometheus?.stop();
    await agent?.child.stop('SIGKILL');
  });

  it('prints its metrics endpoint on the loopback interface', () => {
    expect(agent.child.stdout()).toMatch(
      /^storage-agent metrics: http:\/\/127\.0\.0\.1:\d+\/metrics$/m,
    );
  });

  it('counts every handled message, and only those', async () => {
    const samples = await prometheus.queryUntil('messages_received_total', (s) => s.length === 1);
    expect(value(samples)).toBe(MESSAGES);
    expect(samples[0]!.metric).toMatchObject({
      job: 'storage-agent',
      otel_scope_name: 'storage-agent',
    });
  });

  it('records one processing duration per message, in second-scale buckets', async () => {
    expect(value(await prometheus.query('message_processing_duration_seconds_count'))).toBe(
      MESSAGES,
    );
    const buckets = await prometheus.query('message_processing_duration_seconds_bucket');
    const bounds = buckets.map((s) => s.metric.le).sort((a, b) => Number(a) - Number(b));
    expect(bounds).toEqual(
      [
        '0.001',
        '0.005',
        '0.01',
        '0.025',
        '0.05',
        '0.1',
        '0.25',
        '0.5',
        '1',
        '2.5',
        '5',
        '10',
        '+Inf',
      ].map((bound) => storedLe(version, bound)),
    );
    expect(buckets.find((s) => s.metric.le === '+Inf')!.value).toBe(MESSAGES);
  });

  it('counts storage operations by operation and backend', async () => {
    const samples = await prometheus.query('storage_operations_total');
    const byOp = Object.fromEntries(
      samples.map((s) => [`${s.metric.operation}/${s.metric.backend}`, s.value]),
    );
    expect(byOp).toEqual({ 'put/local': PUTS, 'get/local': GETS, 'delete/local': DELETES });
  });

  it('times storage operations with the same labels', async () => {
    const counts = await prometheus.query(
      'sum by (operation, backend) (storage_operation_duration_seconds_count)',
    );
    const byOp = Object.fromEntries(
      counts.map((s) => [`${s.metric.operation}/${s.metric.backend}`, s.value]),
    );
    expect(byOp).toEqual({ 'put/local': PUTS, 'get/local': GETS, 'delete/local': DELETES });
  });

  it('reports connected peers and process gauges', async () => {
    expect(value(await prometheus.query('agent_peers_connected'))).toBe(
      PEERS_CONNECTED - PEERS_DISCONNECTED,
    );
    expect(value(await prometheus.query('process_memory_bytes'))).toBeGreaterThan(10_000_000);
    // From the SDK's process.cpu.utilization by a view: a 0-1 ratio per CPU state, not a percent.
    const cpu = await prometheus.query('process_cpu_usage');
    expect(cpu.map((s) => s.metric.process_cpu_state).sort()).toEqual(['system', 'user']);
    for (const sample of cpu) expect(sample.value).toBeGreaterThanOrEqual(0);
    expect(value(await prometheus.query('sum(process_cpu_usage)'))).toBeLessThanOrEqual(1);
  });

  it('carries the service identity in target_info', async () => {
    const samples = await prometheus.query('target_info');
    expect(samples[0]?.metric).toMatchObject({
      service_name: 'storage-agent',
      service_version: '0.1.0',
    });
    expect(samples[0]?.metric.service_instance_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves a body that promtool check metrics accepts without complaint', async () => {
    const response = await fetch(agent.metrics.get('storage-agent')!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toContain(
      `messages_received_total{otel_scope_name="storage-agent",otel_scope_version="0.1.0"} ${MESSAGES}`,
    );
    const lint = checkMetrics(body);
    expect(lint).toEqual({ exitCode: 0, output: '' });
  });
});

describe('storage agent lifecycle', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`flushes and exits 0 on ${signal}`, async () => {
      // Wait for the ready line: it comes after the signal handlers (an earlier line raced them,
      // and a signal that won the race killed the process with the default action).
      const demo = await startDemo(
        'demo-storage-agent',
        { OTEL_EXPORTER_PROMETHEUS_PORT: '0', AGENT_API_PORT: '0' },
        /storage-agent ready/,
      );
      const code = await demo.child.stop(signal);
      expect(code).toBe(0);
      expect(demo.child.stdout()).toContain(
        `storage-agent: ${signal} received, flushing metrics and stopping`,
      );
    });
  }

  it('refuses to start on a bad port and names the variable', async () => {
    const { code, stderr } = await runDemoToExit('demo-storage-agent', {
      OTEL_EXPORTER_PROMETHEUS_PORT: 'eighty',
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'env OTEL_EXPORTER_PROMETHEUS_PORT: exporters.prometheus.port: expected an integer, got "eighty"',
    );
  });
});
