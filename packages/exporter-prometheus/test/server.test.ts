import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusReader } from '../src/reader.js';
import { startMetricsServer } from '../src/server.js';

const hasIpv6Loopback = Object.values(networkInterfaces())
  .flat()
  .some((i) => i?.address === '::1');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** A Prometheus reader wired into a provider, and a server for it on a free port. */
async function serve(options: { path?: string } = {}) {
  const { reader, handler } = createPrometheusReader();
  const provider = new MeterProvider({ readers: [reader] });
  const server = await startMetricsServer({ handler, port: 0, ...options });
  cleanups.push(async () => {
    await server.close();
    await provider.shutdown();
  });
  return { provider, server };
}

describe('startMetricsServer', () => {
  it('serves a recorded counter in the Prometheus text format at its path', async () => {
    const { provider, server } = await serve();
    provider.getMeter('svc').createCounter('requests').add(3, { route: '/a' });
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await response.text()).split('\n');
    expect(lines).toContain('# TYPE requests_total counter');
    expect(lines).toContain('requests_total{route="/a",otel_scope_name="svc"} 3');
  });

  it('reports the port it bound in its url and port', async () => {
    const { server } = await serve();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
  });

  it('serves at a custom path and answers it with a query string too', async () => {
    const { provider, server } = await serve({ path: '/custom/metrics' });
    provider.getMeter('svc').createCounter('hits').add(1);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/custom/metrics`);
    const response = await fetch(`${server.url}?debug=1`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('hits_total{otel_scope_name="svc"} 1');
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(404);
  });

  it('answers other paths with 404 and says where metrics are', async () => {
    const { server } = await serve();
    const response = await fetch(`http://127.0.0.1:${server.port}/other`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('not found; metrics are served at /metrics\n');
  });

  it('answers POST with 405 and an Allow header', async () => {
    const { server } = await serve();
    const response = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await response.text()).toBe('method POST not allowed; use GET or HEAD\n');
  });

  it('answers HEAD with 200 and no body', async () => {
    const { server } = await serve();
    const response = await fetch(server.url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.skipIf(!hasIpv6Loopback)('brackets an IPv6 host in its url', async () => {
    const { handler } = createPrometheusReader();
    const server = await startMetricsServer({ handler, host: '::1', port: 0 });
    cleanups.push(() => server.close());
    expect(server.url).toBe(`http://[::1]:${server.port}/metrics`);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('closes idempotently and frees its port', async () => {
    const { handler } = createPrometheusReader();
    const server = await startMetricsServer({ handler, port: 0 });
    const first = server.close();
    expect(server.close()).toBe(first);
    await first;
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
    const again = await startMetricsServer({ handler, port: server.port });
    cleanups.push(() => again.close());
    expect(again.port).toBe(server.port);
  });

  it('closes while a client holds a keep-alive connection', async () => {
    const { server } = await serve();
    const response = await fetch(server.url, { headers: { connection: 'keep-alive' } });
    await response.text();
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('rejects with an error naming host and port when the port is in use', async () => {
    const blocker = createServer((_req: IncomingMessage, res: ServerResponse) => res.end());
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const { port } = blocker.address() as AddressInfo;
    const { handler } = createPrometheusReader();
    await expect(startMetricsServer({ handler, port })).rejects.toThrow(
      `metrics server cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
    );
  });
});
