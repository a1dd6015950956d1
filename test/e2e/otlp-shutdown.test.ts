import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../support/demo.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// The storage-agent demo, pushing to a real VictoriaMetrics with nothing but
// OTEL_EXPORTER_OTLP_ENDPOINT set. The export interval is a minute, so within the test no
// periodic export runs: whatever arrives was pushed by the shutdown flush.

const PUTS = 7;
const GETS = 4;

let vm: TestVictoriaMetrics;
let agent: RunningDemo | undefined;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
});
afterAll(async () => {
  await agent?.child.stop('SIGKILL');
  await vm?.remove();
});

describe('storage agent pushing OTLP, stopped with SIGTERM', () => {
  it('pushes with OTEL_EXPORTER_OTLP_ENDPOINT alone, and flushes the last values on SIGTERM', async () => {
    agent = await startDemo(
      'demo-storage-agent',
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `${vm.url}/opentelemetry`,
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
        OTEL_EXPORTER_PROMETHEUS_PORT: '0',
        AGENT_API_PORT: '0',
        AGENT_WORKLOAD: 'off',
      },
      /storage-agent api: (\S+)\/messages/,
    );
    const stdout = agent.child.stdout();
    // Both exporters run: the default Prometheus endpoint, and OTLP push turned on by the variable.
    expect(stdout).toMatch(/^storage-agent metrics: http:\/\/127\.0\.0\.1:\d+\/metrics$/m);
    expect(stdout).toContain(`: ${vm.otlpUrl}\n`);
    const apiUrl = stdout.match(/storage-agent api: (\S+)\/messages/)![1]!;

    const post = (body: unknown) =>
      fetch(`${apiUrl}/messages`, { method: 'POST', body: JSON.stringify(body) });
    for (let i = 0; i < PUTS; i++) {
      expect((await post({ op: 'put', key: `k${i}`, value: `v${i}` })).status).toBe(200);
    }
    for (let i = 0; i < GETS; i++)
      expect((await post({ op: 'get', key: `k${i}` })).status).toBe(200);
    // Nothing has been pushed yet: the interval has not come round.
    expect(await vm.query('messages_received_total{service_name="storage-agent"}')).toEqual([]);

    expect(await agent.child.stop('SIGTERM')).toBe(0);
    expect(agent.child.stdout()).toContain('SIGTERM received, flushing metrics and stopping');

    const samples = await vm.queryUntil(
      'messages_received_total{service_name="storage-agent"}',
      (s) => s.length === 1,
    );
    expect(samples[0]!.value).toBe(PUTS + GETS);
    const ops = await vm.query('storage_operations_total{service_name="storage-agent"}');
    expect(
      Object.fromEntries(ops.map((s) => [`${s.metric.operation}/${s.metric.backend}`, s.value])),
    ).toEqual({ 'put/local': PUTS, 'get/local': GETS });
    expect(agent.child.stderr()).not.toMatch(/OTLP export .* failed/);
  });
});
