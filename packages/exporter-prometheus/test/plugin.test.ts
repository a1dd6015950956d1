import { metrics } from '@opentelemetry/api';
import {
  HealthRegistry,
  buildResource,
  loadConfig,
  startTelemetry,
  type ExporterContext,
  type Logger,
} from '@meterline/sdk';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '@meterline/testing';
import { prometheusOptionsSchema } from '../src/options.js';
import { prometheusExporter } from '../src/plugin.js';

async function context(logger: Logger): Promise<ExporterContext> {
  const config = loadConfig({ plugins: [], env: {}, config: { resource: { detect: false } } });
  return {
    resource: await buildResource(config),
    exportIntervalMillis: 60_000,
    exportTimeoutMillis: 30_000,
    logger,
    health: new HealthRegistry(),
    cardinalityLimit: 2000,
    meterProvider: metrics.getMeterProvider(),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('prometheusExporter', () => {
  it('is named prometheus and binds the host and port variables', () => {
    expect(prometheusExporter.name).toBe('prometheus');
    expect(prometheusExporter.optionsSchema).toBe(prometheusOptionsSchema());
    expect(prometheusExporter.env).toEqual([
      { variable: 'OTEL_EXPORTER_PROMETHEUS_HOST', path: ['host'] },
      { variable: 'OTEL_EXPORTER_PROMETHEUS_PORT', path: ['port'], type: 'int' },
    ]);
  });

  it('logs exactly "Metrics endpoint disabled" and serves nothing when disabled', async () => {
    const logger = recordingLogger();
    const options = prometheusOptionsSchema().parse({ enabled: false });
    const instance = await prometheusExporter.create(options, await context(logger));
    expect(logger.lines).toEqual(['info: Metrics endpoint disabled']);
    expect(instance.endpoints).toEqual([]);
    expect(instance.close).toBeUndefined();
    expect(instance.reader).toBeDefined();
  });

  it('serves at its endpoint when enabled and frees the port on close', async () => {
    const logger = recordingLogger();
    const options = prometheusOptionsSchema().parse({ port: 0, path: '/prom' });
    const instance = await prometheusExporter.create(options, await context(logger));
    cleanups.push(async () => instance.close?.());
    expect(logger.lines).toEqual([]);
    expect(instance.endpoints).toHaveLength(1);
    const [endpoint] = instance.endpoints;
    expect(endpoint?.exporter).toBe('prometheus');
    expect(endpoint?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prom$/);
    expect(endpoint?.url).not.toContain(':0/');
    const response = await fetch(endpoint!.url);
    expect(response.status).toBe(200);
    await instance.close?.();
    await expect(fetch(endpoint!.url)).rejects.toThrow();
  });

  it('gives its connection settings to the listener (maxConnections, header timeout)', async () => {
    const options = prometheusOptionsSchema().parse({
      port: 0,
      maxConnections: 1,
      headersTimeoutMillis: 300,
    });
    const instance = await prometheusExporter.create(options, await context(recordingLogger()));
    cleanups.push(async () => instance.close?.());
    const { port } = new URL(instance.endpoints[0]!.url);
    // The one allowed connection sends nothing: it gets 408 once the header timeout passes.
    const silent = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(silent).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(instance.endpoints[0]!.url)).status).toBe(200);
  });

  it('serves what startTelemetry records, on the port from the environment', async () => {
    const handle = await startTelemetry({
      plugins: [prometheusExporter],
      env: { OTEL_EXPORTER_PROMETHEUS_PORT: '0', OTEL_SERVICE_NAME: 'plugin-test' },
      config: { resource: { detect: false } },
      logger: recordingLogger(),
      registerGlobal: false,
    });
    cleanups.push(() => handle.shutdown());
    expect(handle.config.exporters).toMatchObject({
      prometheus: { enabled: true, host: '127.0.0.1', port: 0, path: '/metrics' },
    });
    const [endpoint] = handle.endpoints;
    expect(endpoint?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    handle.meterProvider.getMeter('svc').createHistogram('latency', { unit: 's' }).record(0.003);
    const body = await (await fetch(endpoint!.url)).text();
    expect(body).toContain('service_name="plugin-test"');
    // unit s: the exposition appends _seconds to a name that lacks it.
    expect(body).toContain('latency_seconds_bucket{otel_scope_name="svc",le="0.005"} 1');
    expect(body).toContain('latency_seconds_bucket{otel_scope_name="svc",le="0.001"} 0');
    await handle.shutdown();
    await expect(fetch(endpoint!.url)).rejects.toThrow();
  });

  it('reports OTEL_EXPORTER_PROMETHEUS_PORT out of range against the variable', async () => {
    await expect(
      startTelemetry({
        plugins: [prometheusExporter],
        env: { OTEL_EXPORTER_PROMETHEUS_PORT: '70000' },
        logger: recordingLogger(),
        registerGlobal: false,
      }),
    ).rejects.toThrow(
      'env OTEL_EXPORTER_PROMETHEUS_PORT: exporters.prometheus.port: expected a port number (an integer 0-65535), got 70000',
    );
  });
});
