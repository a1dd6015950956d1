import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../support/demo.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';
import { realPart } from '../support/real-parts.js';
import { createTestPki, type TestPki } from '../support/tls.js';

// A real Prometheus scrapes the storage agent's endpoint over TLS with basic auth, once per text
// format, with compression on (Prometheus' default), plus a job with a wrong password.
const MESSAGES = 12;

let pki: TestPki;
let dir: string;
let webConfigFile: string;
let agent: RunningDemo;
let prometheus: TestPrometheus;

describe('Prometheus endpoint over TLS with basic auth, scraped by a real Prometheus', () => {
  beforeAll(async () => {
    pki = createTestPki();
    dir = mkdtempSync(join(tmpdir(), 'meterline-endpoint-'));
    webConfigFile = join(dir, 'web-config.yml');
    writeFileSync(
      webConfigFile,
      [
        'tls_server_config:',
        `  cert_file: ${pki.serverCert}`,
        `  key_file: ${pki.serverKey}`,
        'basic_auth_users:',
        `  prometheus: '${bcrypt.hashSync('scrape-pw', 10)}'`,
        '',
      ].join('\n'),
    );
    const configFile = join(dir, 'meterline.yaml');
    writeFileSync(
      configFile,
      `exporters:\n  prometheus:\n    port: 0\n    webConfigFile: ${webConfigFile}\n    logRequests: true\n`,
    );
    agent = await startDemo(
      'demo-storage-agent',
      {
        METERLINE_CONFIG_FILE: configFile,
        AGENT_API_PORT: '0',
        AGENT_WORKLOAD: 'off',
        DEMO_WORKLOAD: 'off',
      },
      /storage-agent api: (\S+)\/messages/,
    );
    const api = agent.child.stdout().match(/storage-agent api: (\S+)\/messages/)![1]!;
    for (let i = 0; i < MESSAGES; i++) {
      const response = await fetch(`${api}/messages`, {
        method: 'POST',
        body: JSON.stringify({ op: 'put', key: `k${i}`, value: 'v' }),
      });
      expect(response.status).toBe(200);
    }
    const url = agent.metrics.get('storage-agent')!;
    const tls = { tls_config: { ca_file: pki.caCert } };
    const auth = { basic_auth: { username: 'prometheus', password: 'scrape-pw' } };
    prometheus = await startPrometheus([
      {
        job: 'openmetrics',
        url,
        extra: { ...tls, ...auth, scrape_protocols: ['OpenMetricsText1.0.0'] },
      },
      { job: 'text', url, extra: { ...tls, ...auth, scrape_protocols: ['PrometheusText0.0.4'] } },
      {
        job: 'wrong-password',
        url,
        extra: { ...tls, basic_auth: { username: 'prometheus', password: 'nope' } },
      },
    ]);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await agent?.child.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('serves https on loopback', () => {
    expect(agent.metrics.get('storage-agent')).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });

  it('uses a web config that promtool check web-config accepts', () => {
    const result = spawnSync(realPart('promtool'), ['check', 'web-config', webConfigFile], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });

  it('is scraped in both formats, and the recorded values come back from PromQL', async () => {
    const samples = await prometheus.queryUntil('messages_received_total', (s) => s.length === 2);
    expect(samples.map((s) => [s.metric.job, s.value]).sort()).toEqual([
      ['openmetrics', MESSAGES],
      ['text', MESSAGES],
    ]);
    const puts = await prometheus.query(
      'storage_operations_total{operation="put",backend="local",job="openmetrics"}',
    );
    expect(puts.map((s) => s.value)).toEqual([MESSAGES]);
    const counts = await prometheus.query('message_processing_duration_seconds_count');
    expect(counts.map((s) => s.value)).toEqual([MESSAGES, MESSAGES]);
  });

  it('marks the job with a wrong password down with a 401', async () => {
    const up = await prometheus.queryUntil('up', (s) => s.length === 3);
    expect(Object.fromEntries(up.map((s) => [s.metric.job, s.value]))).toEqual({
      openmetrics: 1,
      text: 1,
      'wrong-password': 0,
    });
    const response = await fetch(`${prometheus.url}/api/v1/targets?state=active`);
    const body = (await response.json()) as {
      data: { activeTargets: { labels: { job: string }; lastError: string }[] };
    };
    const target = body.data.activeTargets.find((t) => t.labels.job === 'wrong-password');
    expect(target?.lastError).toContain('401 Unauthorized');
  });

  it('answers Prometheus with gzip', () => {
    const lines = agent.child
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"GET /metrics" 200'));
    const fromPrometheus = lines.filter((l) => l.includes('"Prometheus/2.53'));
    expect(fromPrometheus.length).toBeGreaterThanOrEqual(2);
    for (const line of fromPrometheus) expect(line).toContain(' 200 gzip ');
  });
});
