import { metrics } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '@meterline/plugin';
import { silentLogger } from '@meterline/plugin';
import { startTelemetry, type TelemetryHandle } from '../src/start-telemetry.js';
import {
  collectMetric,
  collectMetrics,
  configErrorOfAsync,
  fakePlugin,
  recordingLogger,
  tempDir,
} from './helpers.js';

const handles: TelemetryHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.shutdown()));
});

function keep(handle: TelemetryHandle): TelemetryHandle {
  handles.push(handle);
  return handle;
}

const quiet = { logger: silentLogger, registerGlobal: false } as const;

describe('startTelemetry', () => {
  it('reports the endpoints of every started plug-in, in the configured order', async () => {
    const prometheus = fakePlugin('prometheus');
    const otlp = fakePlugin('otlp');
    const handle = keep(
      await startTelemetry({
        ...quiet,
        plugins: [prometheus, otlp],
        env: { OTEL_METRICS_EXPORTER: 'otlp,prometheus', OTEL_EXPORTER_OTLP_PORT: '4318' },
        config: { exporters: { prometheus: { port: 0, host: '::1' } } },
      }),
    );
    expect(handle.endpoints).toEqual([
      { exporter: 'otlp', url: 'fake://127.0.0.1:4318/otlp' },
      { exporter: 'prometheus', url: 'fake://::1:0/prometheus' },
    ]);
  });

  it('gives each plug-in its parsed options and the resolved context', async () => {
    const plugin = fakePlugin();
    const logger = recordingLogger();
    const handle = keep(
      await startTelemetry({
        plugins: [plugin],
        logger,
        registerGlobal: false,
        env: { OTEL_METRIC_EXPORT_INTERVAL: '1234', OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0' },
        config: { metrics: { exportTimeoutMillis: 567 }, resource: { detect: false } },
      }),
    );
    expect(plugin.created).toHaveLength(1);
    const [call] = plugin.created;
    expect(call?.options).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(call?.context.exportIntervalMillis).toBe(1234);
    expect(call?.context.exportTimeoutMillis).toBe(567);
    // Plug-ins log through the service's logger, behind the secret redactor.
    call?.context.logger.warn('from the plug-in');
    expect(logger.lines).toEqual(['warn: from the plug-in']);
    expect(call?.context.resource).toBe(handle.resource);
    expect(handle.config.metrics.exportIntervalMillis).toBe(1234);
  });

  it('starts no plug-in when no exporter is selected', async () => {
    const plugin = fakePlugin();
    const handle = keep(
      await startTelemetry({ ...quiet, plugins: [plugin], env: { OTEL_METRICS_EXPORTER: 'none' } }),
    );
    expect(plugin.created).toHaveLength(0);
    expect(handle.endpoints).toEqual([]);
    // Recording still works, it just goes nowhere.
    handle.meterProvider.getMeter('x').createCounter('c').add(1);
  });

  it('records through the handle’s provider into the plug-in reader', async () => {
    const plugin = fakePlugin();
    const handle = keep(
      await startTelemetry({
        ...quiet,
        plugins: [plugin],
        env: {},
        config: { resource: { detect: false } },
      }),
    );
    handle.meterProvider.getMeter('x').createCounter('jobs').add(3, { queue: 'q1' });
    const metric = await collectMetric(plugin.reader, 'jobs');
    expect(metric.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ queue: 'q1' }, 3]]);
  });

  it('calls every plug-in’s close on shutdown, once, however often shutdown is called', async () => {
    const a = fakePlugin('a');
    const b = fakePlugin('b');
    const handle = await startTelemetry({
      ...quiet,
      plugins: [a, b],
      env: {},
      config: { metrics: { exporters: ['a', 'b'] } },
    });
    const first = handle.shutdown();
    const second = handle.shutdown();
    expect(second).toBe(first);
    await first;
    await handle.shutdown();
    expect(a.closed.count).toBe(1);
    expect(b.closed.count).toBe(1);
  });

  it('shuts the readers down, so later collections fail', async () => {
    const plugin = fakePlugin();
    const handle = await startTelemetry({ ...quiet, plugins: [plugin], env: {} });
    await handle.shutdown();
    await handle.shutdown();
    expect(plugin.reader.shutdowns).toBe(1);
    await expect(plugin.reader.collect()).rejects.toThrow(/shutdown/i);
  });

  it('starts no plug-in with OTEL_SDK_DISABLED=true and says so', async () => {
    const plugin = fakePlugin();
    const logger = recordingLogger();
    const handle = await startTelemetry({
      plugins: [plugin],
      logger,
      env: { OTEL_SDK_DISABLED: ' TRUE ' },
    });
    expect(plugin.created).toHaveLength(0);
    expect(handle.endpoints).toEqual([]);
    expect(logger.lines).toEqual(['info: OTEL_SDK_DISABLED=true: metrics are not recorded']);
    // Nothing was registered globally: a real provider can still be.
    expect(handle.meterProvider).toBe(metrics.getMeterProvider());
    await handle.shutdown();
    expect(plugin.closed.count).toBe(0);
  });

  it('starts normally with OTEL_SDK_DISABLED=false', async () => {
    const plugin = fakePlugin();
    const handle = keep(
      await startTelemetry({ ...quiet, plugins: [plugin], env: { OTEL_SDK_DISABLED: 'false' } }),
    );
    expect(plugin.created).toHaveLength(1);
    expect(handle.endpoints).toHaveLength(1);
  });

  it('still validates config with OTEL_SDK_DISABLED=true', async () => {
    const error = await configErrorOfAsync(
      startTelemetry({
        ...quiet,
        plugins: [fakePlugin()],
        env: { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_PROMETHEUS_PORT: '-1' },
      }),
    );
    expect(error.problems.map((p) => p.source)).toEqual(['env OTEL_EXPORTER_PROMETHEUS_PORT']);
  });

  it('closes the plug-ins already created when a later one fails, and rethrows', async () => {
    const good = fakePlugin('good');
    const failure = new Error('port 9464 in use');
    const bad = fakePlugin('bad', { fail: failure });
    const never = fakePlugin('never');
    const started = startTelemetry({
      ...quiet,
      plugins: [good, bad, never],
      env: {},
      config: { metrics: { exporters: ['good', 'bad', 'never'] } },
    });
    await expect(started).rejects.toBe(failure);
    expect(good.created).toHaveLength(1);
    expect(good.closed.count).toBe(1);
    expect(never.created).toHaveLength(0);
  });

  it('fails clearly when a global provider is already registered', async () => {
    const first = fakePlugin();
    const second = fakePlugin();
    const handle = await startTelemetry({ plugins: [first], env: {}, logger: silentLogger });
    try {
      expect(metrics.getMeterProvider()).toBe(handle.meterProvider);
      await expect(
        startTelemetry({ plugins: [second], env: {}, logger: silentLogger }),
      ).rejects.toThrow(
        'a global meter provider is already registered: shut the previous telemetry down first',
      );
      // The second attempt cleaned up what it had started; the first keeps running.
      expect(second.closed.count).toBe(1);
      expect(metrics.getMeterProvider()).toBe(handle.meterProvider);
    } finally {
      await handle.shutdown();
    }
    expect(metrics.getMeterProvider()).not.toBe(handle.meterProvider);
    // Once shut down, the global slot is free again.
    const again = await startTelemetry({ plugins: [fakePlugin()], env: {}, logger: silentLogger });
    try {
      expect(metrics.getMeterProvider()).toBe(again.meterProvider);
    } finally {
      await again.shutdown();
    }
  });

  it('makes the global metrics API record into the started pipeline', async () => {
    const plugin = fakePlugin();
    const handle = await startTelemetry({
      plugins: [plugin],
      env: {},
      logger: silentLogger,
      config: { resource: { detect: false } },
    });
    try {
      metrics.getMeter('global').createHistogram('wait', { unit: 's' }).record(0.3);
      const metric = await collectMetric(plugin.reader, 'wait');
      expect(metric.dataPoints).toHaveLength(1);
    } finally {
      await handle.shutdown();
    }
  });

  it('rejects with a ConfigError naming the code option for a bad config', async () => {
    const plugin = fakePlugin();
    const error = await configErrorOfAsync(
      startTelemetry({
        ...quiet,
        plugins: [plugin],
        env: {},
        config: { exporters: { prometheus: { port: 70000 } } },
      }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toEqual([
      {
        source: 'startTelemetry({ config })',
        key: 'exporters.prometheus.port',
        message: 'expected a port number (an integer 0-65535), got 70000',
      },
    ]);
    expect(plugin.created).toHaveLength(0);
  });

  it('reads its config file through METERLINE_CONFIG_FILE in the given env', async () => {
    const tmp = tempDir();
    try {
      const file = tmp.write('m.yaml', 'service:\n  name: from-file\nresource:\n  detect: false\n');
      const plugin = fakePlugin();
      const handle = keep(
        await startTelemetry({ ...quiet, plugins: [plugin], env: { METERLINE_CONFIG_FILE: file } }),
      );
      expect(handle.config.service.name).toBe('from-file');
      expect(handle.resource.attributes['service.name']).toBe('from-file');
    } finally {
      tmp.remove();
    }
  });

  it('exports the resource with every metric', async () => {
    const plugin = fakePlugin();
    const handle = keep(
      await startTelemetry({
        ...quiet,
        plugins: [plugin],
        env: { OTEL_SERVICE_NAME: 'checkout' },
        config: { resource: { detect: false } },
      }),
    );
    handle.meterProvider.getMeter('x').createCounter('c').add(1);
    const { resourceMetrics } = await plugin.reader.collect();
    expect(resourceMetrics.resource.attributes['service.name']).toBe('checkout');
    expect((await collectMetrics(plugin.reader)).has('c')).toBe(true);
  });

  it('flushes every reader through the handle', async () => {
    const plugin = fakePlugin();
    const handle = keep(await startTelemetry({ ...quiet, plugins: [plugin], env: {} }));
    expect(plugin.reader.flushes).toBe(0);
    await handle.forceFlush();
    expect(plugin.reader.flushes).toBe(1);
    expect(plugin.reader.shutdowns).toBe(0);
  });
});

describe('startTelemetry cardinality limit', () => {
  it('caps series per instrument at metrics.cardinalityLimit, overflow in one extra series', async () => {
    const plugin = fakePlugin('mem');
    const handle = await startTelemetry({
      plugins: [plugin],
      env: {},
      registerGlobal: false,
      logger: silentLogger,
      config: { metrics: { exporters: ['mem'], cardinalityLimit: 2 }, resource: { detect: false } },
    });
    try {
      expect(plugin.created[0]!.context.cardinalityLimit).toBe(2);
      const counter = handle.meterProvider.getMeter('m').createCounter('c');
      for (const k of ['a', 'b', 'c', 'd']) counter.add(1, { k });
      const metric = await collectMetric(plugin.reader, 'c');
      const points = metric.dataPoints as { attributes: Record<string, unknown>; value: number }[];
      // The SDK keeps limit - 1 series and folds the rest into otel.metric.overflow=true.
      expect(points.map((p) => [p.attributes, p.value])).toEqual([
        [{ k: 'a' }, 1],
        [{ 'otel.metric.overflow': true }, 3],
      ]);
    } finally {
      await handle.shutdown();
    }
  });
});

describe('startTelemetry plug-in meter provider', () => {
  it('hands plug-ins a provider that reaches this telemetry once started, globally registered or not', async () => {
    const plugin = fakePlugin('mem');
    const handle = await startTelemetry({
      plugins: [plugin],
      env: {},
      registerGlobal: false,
      logger: silentLogger,
      config: { metrics: { exporters: ['mem'] }, resource: { detect: false } },
    });
    try {
      const context = plugin.created[0]!.context;
      context.meterProvider.getMeter('self').createCounter('plugin_self_metric').add(4);
      const metric = await collectMetric(plugin.reader, 'plugin_self_metric');
      expect(metric.dataPoints.map((p) => p.value)).toEqual([4]);
    } finally {
      await handle.shutdown();
    }
  });
});
