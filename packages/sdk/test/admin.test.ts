import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  silentLogger,
  type DeliveryTotals,
  type ExporterContext,
  type ExporterPlugin,
} from '@meterline/plugin';
import type { ResolvedConfig } from '../src/config/load.js';
import { startTelemetry, type TelemetryHandle } from '../src/start-telemetry.js';
import { InMemoryReader, collectMetrics, fakePlugin } from './helpers.js';

// handle.admin and what an exporter-like plug-in (an admin service) gets from its context:
// the engine's administration, the configuration with secrets masked, push flushes with delivery
// accounting.

const handles: TelemetryHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.shutdown()));
});

const quiet = { logger: silentLogger, registerGlobal: false } as const;

const DELIVERY: DeliveryTotals = {
  pointsExported: 12,
  pointsFailed: 3,
  pointsRejected: 1,
  exportsSucceeded: 2,
  exportsFailed: 1,
  failuresByReason: { timeout: 1 },
  failingReason: 'timeout',
};

/** A push plug-in with a secret option; its reader counts flushes, or fails them. */
function pushPlugin(name: string, behaviour: { failFlush?: string; delivery?: boolean } = {}) {
  const seen: { context?: ExporterContext; reader?: InMemoryReader } = {};
  const plugin: ExporterPlugin<{ token?: string; url?: string }> = {
    name,
    optionsSchema: z.strictObject({ token: z.string().optional(), url: z.string().optional() }),
    create(_options, context) {
      seen.context = context;
      seen.reader = new InMemoryReader();
      if (behaviour.failFlush) {
        const message = behaviour.failFlush;
        seen.reader.forceFlush = () => Promise.reject(new Error(message));
      }
      return Promise.resolve({
        reader: seen.reader,
        endpoints: [{ exporter: name, url: `https://user:pw-123456@${name}.example/v1` }],
        push: true,
        ...(behaviour.delivery ? { delivery: () => DELIVERY } : {}),
      });
    },
  };
  return { plugin, seen };
}

describe('handle.admin', () => {
  it('administers the engine that records the handle’s meters', async () => {
    const prometheus = fakePlugin();
    const handle = await startTelemetry({
      ...quiet,
      plugins: [prometheus],
      env: {},
      config: { metrics: { runtime: { enabled: false } } },
    });
    handles.push(handle);
    const counter = handle.meterProvider.getMeter('shop').createCounter('orders');
    for (const region of ['eu', 'us', 'ap']) counter.add(1, { region });
    expect(handle.admin?.instruments().find((i) => i.name === 'orders')).toMatchObject({
      seriesCount: 3,
      cardinalityLimit: 2000,
      enabled: true,
    });
    handle.admin!.setEnabled('orders', false);
    expect((await collectMetrics(prometheus.reader)).has('orders')).toBe(false);
  });

  it('is absent with metrics.engine: sdk, and the plug-ins’ context says undefined too', async () => {
    const prometheus = fakePlugin();
    const handle = await startTelemetry({
      ...quiet,
      plugins: [prometheus],
      env: {},
      config: { metrics: { engine: 'sdk', runtime: { enabled: false } } },
    });
    handles.push(handle);
    expect(handle.admin).toBeUndefined();
    expect('admin' in handle).toBe(false);
    expect(prometheus.created[0]!.context.admin).toBeUndefined();
  });
});

describe('ExporterContext', () => {
  it('admin: undefined while plug-ins are created, the engine’s once startTelemetry resolved', async () => {
    let duringCreate: unknown = 'not read';
    let kept: ExporterContext | undefined;
    const plugin: ExporterPlugin<Record<string, never>> = {
      name: 'grpc-admin',
      optionsSchema: z.strictObject({}),
      create(_options, context) {
        duringCreate = context.admin;
        kept = context;
        return Promise.resolve({ reader: new InMemoryReader(), endpoints: [] });
      },
    };
    const handle = await startTelemetry({
      ...quiet,
      plugins: [plugin],
      env: {},
      config: { metrics: { exporters: ['grpc-admin'], runtime: { enabled: false } } },
    });
    handles.push(handle);
    expect(duringCreate).toBeUndefined();
    expect(handle.admin).toBeDefined();
    expect(kept!.admin).toBe(handle.admin);
    // The same engine: what the service creates, the plug-in sees and changes.
    handle.meterProvider.getMeter('m').createCounter('jobs');
    kept!.admin!.setCardinalityLimit('jobs', 5);
    expect(handle.admin!.instruments().find((i) => i.name === 'jobs')?.cardinalityLimit).toBe(5);
  });

  it('config: the configuration in force, secrets masked, already in create', async () => {
    const { plugin, seen } = pushPlugin('influx');
    const handle = await startTelemetry({
      ...quiet,
      plugins: [plugin],
      env: {},
      config: {
        metrics: { exporters: ['influx'], cardinalityLimit: 77, runtime: { enabled: false } },
        exporters: {
          influx: { token: 'influx-secret-token', url: 'https://bob:hunter22@db.example' },
        },
      },
    });
    handles.push(handle);
    const config = seen.context!.config as ResolvedConfig;
    expect(config.metrics.cardinalityLimit).toBe(77);
    expect(config.exporters.influx).toEqual({
      token: '***',
      url: 'https://***@db.example',
    });
    // The handle keeps the real values: only what plug-ins may show is masked.
    expect(handle.config.exporters.influx).toMatchObject({ token: 'influx-secret-token' });
  });

  it('config: one frozen copy, the same at every read', async () => {
    const { plugin, seen } = pushPlugin('influx');
    const handle = await startTelemetry({
      ...quiet,
      plugins: [plugin],
      env: {},
      config: {
        metrics: { exporters: ['influx'], runtime: { enabled: false } },
        exporters: { influx: { token: 'influx-secret-token' } },
      },
    });
    handles.push(handle);
    const config = seen.context!.config as ResolvedConfig;
    expect(seen.context!.config).toBe(config);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.exporters.influx).toEqual({ token: '***' });
  });

  it('flushPushExporters: flushes every push exporter and reports its delivery; a failing flush is reported, secrets masked', async () => {
    const otlp = pushPlugin('otlp', { delivery: true });
    const file = pushPlugin('file', { failFlush: 'disk full writing with token s3cr3t-token-9' });
    const prometheus = fakePlugin();
    const handle = await startTelemetry({
      ...quiet,
      plugins: [otlp.plugin, file.plugin, prometheus],
      env: {},
      config: {
        metrics: { exporters: ['otlp', 'file', 'prometheus'], runtime: { enabled: false } },
        exporters: { file: { token: 's3cr3t-token-9' } },
      },
    });
    handles.push(handle);
    const reports = await prometheus.created[0]!.context.flushPushExporters!();
    expect(reports).toEqual([
      {
        exporter: 'otlp',
        endpoints: ['https://***@otlp.example/v1'],
        delivery: DELIVERY,
      },
      {
        exporter: 'file',
        endpoints: ['https://***@file.example/v1'],
        flushError: 'disk full writing with token ***',
      },
    ]);
    // The pull exporter was not flushed; the push one was, once.
    expect(prometheus.reader.flushes).toBe(0);
    expect(otlp.seen.reader!.flushes).toBe(1);
  });

  it('flushPushExporters before startTelemetry resolved: an empty list, nothing flushed', async () => {
    const otlp = pushPlugin('otlp', { delivery: true });
    let early: unknown;
    const probe: ExporterPlugin<Record<string, never>> = {
      name: 'probe',
      optionsSchema: z.strictObject({}),
      async create(_options, context) {
        early = await context.flushPushExporters!();
        return { reader: new InMemoryReader(), endpoints: [] };
      },
    };
    handles.push(
      await startTelemetry({
        ...quiet,
        plugins: [otlp.plugin, probe],
        env: {},
        config: { metrics: { exporters: ['otlp', 'probe'], runtime: { enabled: false } } },
      }),
    );
    expect(early).toEqual([]);
    expect(otlp.seen.reader!.flushes).toBe(0);
  });
});
