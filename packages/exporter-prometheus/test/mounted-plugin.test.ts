import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, startTelemetry } from '@meterline/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { mountedPrometheusExporter } from '../src/mounted-plugin.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/metrics`;
}

describe('mountedPrometheusExporter', () => {
  it('answers 503 until telemetry started, then serves on the service’s own server', async () => {
    const mounted = mountedPrometheusExporter();
    const url = await serve((req, res) => mounted.handler(req, res));
    const early = await fetch(url);
    expect([early.status, await early.text()]).toEqual([503, 'metrics are not ready\n']);

    const telemetry = await startTelemetry({
      plugins: [mounted.plugin],
      env: {},
      registerGlobal: false,
      logger: silentLogger,
      config: {
        resource: { detect: false },
        metrics: { cardinalityLimit: 3, runtime: { enabled: false } },
        exporters: { prometheus: { scopeLabels: false, targetInfo: false } },
      },
    });
    cleanups.push(() => telemetry.shutdown());
    expect(telemetry.endpoints).toEqual([]);
    const counter = telemetry.meterProvider.getMeter('svc').createCounter('jobs');
    for (const tenant of ['a', 'b', 'c', 'd', 'e']) counter.add(1, { tenant });
    const body = await (await fetch(url)).text();
    // Exposition options apply (no scope labels, no target_info) and so does the series limit.
    expect(body).toContain('jobs_total{tenant="a"} 1\n');
    expect(body).toContain('jobs_total{tenant="b"} 1\n');
    expect(body).toContain('jobs_total{otel_metric_overflow="true"} 3\n');
    expect(body).not.toContain('target_info');
  });
});
