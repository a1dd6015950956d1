import { HealthRegistry } from '@meterline/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsServer, type MetricsServer } from '../src/server.js';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serveHealth(health: HealthRegistry, logRequests = false) {
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), warn() {}, error() {} };
  server = await startMetricsServer({
    handler: (_req, res) => res.end('metrics\n'),
    port: 0,
    health,
    logger,
    logRequests,
  });
  const base = server.url.replace('/metrics', '');
  return { base, lines };
}

describe('health endpoints', () => {
  it('are ok with no checks', async () => {
    const { base } = await serveHealth(new HealthRegistry());
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(base + path);
      expect([response.status, await response.text()]).toEqual([200, 'ok\n']);
    }
  });

  it('fail readiness, not liveness, for an unhealthy readiness check, and report JSON', async () => {
    const health = new HealthRegistry();
    health.register('db', () => ({ status: 'unhealthy', message: 'connection refused' }));
    health.register('cache', () => 'degraded');
    const { base } = await serveHealth(health);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([503, 'unhealthy: db\n']);
    const summary = await fetch(`${base}/health`);
    expect(summary.status).toBe(503);
    const report = (await summary.json()) as {
      status: string;
      checks: { name: string; status: string; message?: string }[];
    };
    expect(report.status).toBe('unhealthy');
    expect(report.checks.map((c) => [c.name, c.status, c.message])).toEqual([
      ['db', 'unhealthy', 'connection refused'],
      ['cache', 'degraded', undefined],
    ]);
  });

  it('fails liveness for an unhealthy liveness check, and counts a throwing check as unhealthy', async () => {
    const health = new HealthRegistry();
    health.register(
      'deadlock',
      () => {
        throw new Error('worker stuck');
      },
      { liveness: true },
    );
    const { base } = await serveHealth(health);
    const live = await fetch(`${base}/healthz`);
    expect([live.status, await live.text()]).toEqual([503, 'unhealthy: deadlock\n']);
  });
});

describe('request logging', () => {
  it('logs one line per request with method, path and status when enabled', async () => {
    const { base, lines } = await serveHealth(new HealthRegistry(), true);
    await (await fetch(`${base}/metrics`)).text();
    await (await fetch(`${base}/nope`)).text();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^127\.0\.0\.1 "GET \/metrics" 200 identity \d+\.\dms "node"$/);
    expect(lines[1]).toMatch(/^127\.0\.0\.1 "GET \/nope" 404 /);
  });

  it('logs nothing by default', async () => {
    const { base, lines } = await serveHealth(new HealthRegistry());
    await (await fetch(`${base}/metrics`)).text();
    expect(lines).toEqual([]);
  });
});
