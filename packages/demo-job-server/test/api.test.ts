import { afterEach, describe, expect, it } from 'vitest';
import { startJobServerApi, type JobServerApi } from '../src/api.js';
import { createJobServer, type JobServer } from '../src/job-server.js';
import { testMetrics } from './metrics-reader.js';

let api: JobServerApi | undefined;
let server: JobServer | undefined;
afterEach(async () => {
  await api?.close();
  server?.stop();
});

async function start() {
  const t = testMetrics();
  server = createJobServer(t.metrics);
  api = await startJobServerApi(server, t.metrics.http, {
    port: 0,
    metricsHandler: (_req, res) => res.end('# scraped\n'),
  });
  return t;
}

describe('job server API', () => {
  it('labels requests with the route template and the status, not the raw path', async () => {
    const t = await start();
    const post = (path: string, body: unknown) =>
      fetch(`${api!.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/api/v1/workers', { id: 'w1', slots: 1 })).status).toBe(201);
    expect((await post('/api/v1/workers/w1/heartbeat', { cpuPercent: 5 })).status).toBe(200);
    expect((await post('/api/v1/workers/w9/heartbeat', {})).status).toBe(404);
    expect((await fetch(`${api!.url}/api/v1/jobs/job-77`)).status).toBe(404);
    expect((await fetch(`${api!.url}/api/v1/jobs`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${api!.url}/api/v1/jobs?limit=zero`)).status).toBe(400);
    expect((await fetch(`${api!.url}/secret/admin`)).status).toBe(404);
    expect(await t.read('hodei_http_requests')).toEqual({
      'POST//api/v1/workers/201': 1,
      'POST//api/v1/workers/:id/heartbeat/200': 1,
      'POST//api/v1/workers/:id/heartbeat/404': 1,
      'GET//api/v1/jobs/:id/404': 1,
      'PUT//api/v1/jobs/405': 1,
      'GET//api/v1/jobs/400': 1,
      'GET/unmatched/404': 1,
    });
    expect(await t.read('hodei_http_request_duration_seconds')).toEqual({ '': 7 });
  });

  it('serves metrics at /api/v1/metrics without counting scrapes as requests', async () => {
    const t = await start();
    const response = await fetch(`${api!.url}/api/v1/metrics`);
    expect(await response.text()).toBe('# scraped\n');
    expect(await t.read('hodei_http_requests')).toEqual({});
  });

  it('answers a bad body with 400 naming the field, and keeps serving', async () => {
    await start();
    const bad = await fetch(`${api!.url}/api/v1/jobs`, {
      method: 'POST',
      body: JSON.stringify({ tenantId: 'acme', durationMs: 'long' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^body\.durationMs: /);
    const ok = await fetch(`${api!.url}/api/v1/jobs`, {
      method: 'POST',
      body: JSON.stringify({ tenantId: 'acme' }),
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { id: string }).id).toBe('job-1');
  });
});
