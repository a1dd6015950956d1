import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig, type ConfigSources } from '../../src/config/load.js';
import type { ConfigLayer } from '../../src/config/schema.js';
import { configErrorOf, fakePlugin, tempDir } from '../helpers.js';

const plugins = [fakePlugin('prometheus')];

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.remove();
});

/** The three keys the precedence tests follow, read from a resolved config. */
function tracked(sources: ConfigSources) {
  const config = loadConfig(sources);
  return {
    name: config.service.name,
    interval: config.metrics.exportIntervalMillis,
    port: (config.exporters.prometheus as { port: number }).port,
  };
}

describe('loadConfig precedence', () => {
  const defaults: ConfigLayer = {
    service: { name: 'from-defaults' },
    metrics: { exportIntervalMillis: 1001 },
    exporters: { prometheus: { port: 1001 } },
  };
  const fileText = [
    'service:',
    '  name: from-file',
    'metrics:',
    '  exportIntervalMillis: 2002',
    'exporters:',
    '  prometheus:',
    '    port: 2002',
    '',
  ].join('\n');
  const env = {
    OTEL_SERVICE_NAME: 'from-env',
    OTEL_METRIC_EXPORT_INTERVAL: '3003',
    OTEL_EXPORTER_PROMETHEUS_PORT: '3003',
  };
  const config: ConfigLayer = {
    service: { name: 'from-code' },
    metrics: { exportIntervalMillis: 4004 },
    exporters: { prometheus: { port: 4004 } },
  };

  it('uses the built-in defaults when no layer sets anything', () => {
    expect(tracked({ plugins, env: {} })).toEqual({
      name: 'unknown_service:node',
      interval: 60_000,
      port: 9464,
    });
    expect(DEFAULTS.serviceName).toBe('unknown_service:node');
  });

  it('lets code defaults override the built-in defaults', () => {
    expect(tracked({ plugins, env: {}, defaults })).toEqual({
      name: 'from-defaults',
      interval: 1001,
      port: 1001,
    });
  });

  it('lets the YAML file override code defaults', () => {
    const configFile = tmp.write('meterline.yaml', fileText);
    expect(tracked({ plugins, env: {}, defaults, configFile })).toEqual({
      name: 'from-file',
      interval: 2002,
      port: 2002,
    });
  });

  it('lets OTEL_* variables override the YAML file', () => {
    const configFile = tmp.write('meterline.yaml', fileText);
    expect(tracked({ plugins, env, defaults, configFile })).toEqual({
      name: 'from-env',
      interval: 3003,
      port: 3003,
    });
  });

  it('lets the code config override the environment', () => {
    const configFile = tmp.write('meterline.yaml', fileText);
    expect(tracked({ plugins, env, defaults, configFile, config })).toEqual({
      name: 'from-code',
      interval: 4004,
      port: 4004,
    });
  });

  it('takes each key from the highest layer that sets it', () => {
    const configFile = tmp.write(
      'meterline.yaml',
      'metrics:\n  exportIntervalMillis: 2002\n  exportTimeoutMillis: 2002\n',
    );
    const resolved = loadConfig({
      plugins,
      defaults: { service: { name: 'from-defaults', version: '1.0.0' } },
      configFile,
      env: { OTEL_METRIC_EXPORT_TIMEOUT: '3003', OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0' },
      config: { exporters: { prometheus: { port: 4004 } } },
    });
    expect(resolved.service).toMatchObject({ name: 'from-defaults', version: '1.0.0' });
    expect(resolved.metrics.exportIntervalMillis).toBe(2002);
    expect(resolved.metrics.exportTimeoutMillis).toBe(3003);
    expect(resolved.exporters).toEqual({ prometheus: { host: '0.0.0.0', port: 4004 } });
  });

  it('reads the file named by METERLINE_CONFIG_FILE', () => {
    const configFile = tmp.write('from-env.yaml', 'service:\n  name: named-by-env\n');
    const resolved = loadConfig({ plugins, env: { METERLINE_CONFIG_FILE: configFile } });
    expect(resolved.service.name).toBe('named-by-env');
  });

  it('prefers the configFile option over METERLINE_CONFIG_FILE', () => {
    const fromEnv = tmp.write('from-env.yaml', 'service:\n  name: named-by-env\n');
    const fromOption = tmp.write('from-option.yaml', 'service:\n  name: named-by-option\n');
    const resolved = loadConfig({
      plugins,
      configFile: fromOption,
      env: { METERLINE_CONFIG_FILE: fromEnv },
    });
    expect(resolved.service.name).toBe('named-by-option');
  });

  it('merges objects key by key across layers', () => {
    const configFile = tmp.write(
      'meterline.yaml',
      'resource:\n  attributes:\n    team: storage\n    region: from-file\n',
    );
    const resolved = loadConfig({
      plugins,
      configFile,
      env: { OTEL_RESOURCE_ATTRIBUTES: 'region=from-env,tier=gold' },
      config: { metrics: { unitBuckets: { s: 'wait' } } },
    });
    expect(resolved.resource.attributes).toEqual({
      team: 'storage',
      region: 'from-env',
      tier: 'gold',
    });
    // The code layer changes one unit; the built-in mappings of the others stay.
    expect(resolved.metrics.unitBuckets).toEqual({ s: 'wait', ms: 'latency-ms', By: 'bytes' });
  });

  it('replaces arrays instead of appending to them', () => {
    const configFile = tmp.write(
      'meterline.yaml',
      'metrics:\n  views:\n    - instrument: a\n    - instrument: b\n',
    );
    const resolved = loadConfig({
      plugins,
      configFile,
      env: {},
      config: { metrics: { views: [{ instrument: 'c', drop: true }] } },
    });
    expect(resolved.metrics.views).toEqual([{ instrument: 'c', drop: true }]);
  });

  it('selects no exporter with OTEL_METRICS_EXPORTER=none', () => {
    const resolved = loadConfig({ plugins, env: { OTEL_METRICS_EXPORTER: 'none' } });
    expect(resolved.metrics.exporters).toEqual([]);
    expect(resolved.exporters).toEqual({});
  });

  it('treats none anywhere in OTEL_METRICS_EXPORTER, in any case, as no exporter', () => {
    const resolved = loadConfig({ plugins, env: { OTEL_METRICS_EXPORTER: 'prometheus, NONE' } });
    expect(resolved.metrics.exporters).toEqual([]);
  });

  it('selects exporters from OTEL_METRICS_EXPORTER, lower-cased and without duplicates', () => {
    const two = [fakePlugin('prometheus'), fakePlugin('otlp')];
    const resolved = loadConfig({
      plugins: two,
      env: { OTEL_METRICS_EXPORTER: 'OTLP, prometheus,otlp' },
    });
    expect(resolved.metrics.exporters).toEqual(['otlp', 'prometheus']);
    expect(Object.keys(resolved.exporters).sort()).toEqual(['otlp', 'prometheus']);
  });

  it('selects prometheus by default only when the service ships it', () => {
    expect(loadConfig({ plugins, env: {} }).metrics.exporters).toEqual(['prometheus']);
    expect(loadConfig({ plugins: [fakePlugin('otlp')], env: {} }).metrics.exporters).toEqual([]);
  });

  it('treats empty and blank variables as unset', () => {
    const configFile = tmp.write(
      'meterline.yaml',
      'service:\n  name: from-file\nmetrics:\n  exportIntervalMillis: 2002\n',
    );
    const resolved = loadConfig({
      plugins,
      configFile,
      env: {
        OTEL_SERVICE_NAME: '',
        OTEL_METRIC_EXPORT_INTERVAL: '   ',
        OTEL_METRICS_EXPORTER: '',
        OTEL_RESOURCE_ATTRIBUTES: '',
        OTEL_EXPORTER_PROMETHEUS_PORT: '',
      },
    });
    expect(resolved.service.name).toBe('from-file');
    expect(resolved.metrics.exportIntervalMillis).toBe(2002);
    expect(resolved.metrics.exporters).toEqual(['prometheus']);
    expect(resolved.resource.attributes).toEqual({});
    expect(resolved.exporters).toEqual({ prometheus: { host: '127.0.0.1', port: 9464 } });
  });

  it('reads no file when METERLINE_CONFIG_FILE is empty', () => {
    const resolved = loadConfig({ plugins, env: { METERLINE_CONFIG_FILE: ' ' } });
    expect(resolved.service.name).toBe('unknown_service:node');
  });

  it('parses OTEL_RESOURCE_ATTRIBUTES and percent-decodes the values', () => {
    const resolved = loadConfig({
      plugins,
      env: {
        OTEL_RESOURCE_ATTRIBUTES:
          'deployment.environment=prod, team = storage%20and%20backup ,note=a%2Cb%3Dc',
      },
    });
    expect(resolved.resource.attributes).toEqual({
      'deployment.environment': 'prod',
      team: 'storage and backup',
      note: 'a,b=c',
    });
  });

  it('fills in the remaining defaults and a random instance id', () => {
    const first = loadConfig({ plugins, env: {} });
    const second = loadConfig({ plugins, env: {} });
    expect(first.metrics).toEqual({
      exporters: ['prometheus'],
      exportIntervalMillis: 60_000,
      exportTimeoutMillis: 30_000,
      cardinalityLimit: 2000,
      engine: 'meterline',
      staleSeriesMillis: 0,
      exemplarFilter: 'trace_based',
      unitBuckets: { s: 'latency', ms: 'latency-ms', By: 'bytes' },
      views: [],
      runtime: { enabled: true, names: 'otel' },
      attributeLimits: { valueLength: 1024, count: 128 },
    });
    expect(first.resource).toEqual({ attributes: {}, detect: true });
    expect(first.service.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.service.instanceId).not.toBe(first.service.instanceId);
  });

  it('keeps an instance id that is configured', () => {
    const resolved = loadConfig({ plugins, env: {}, config: { service: { instanceId: 'i-1' } } });
    expect(resolved.service.instanceId).toBe('i-1');
  });
});

describe('loadConfig errors', () => {
  it('reports an unknown key in the file with its line, dotted key and the expected keys', () => {
    const configFile = tmp.write(
      'file.yaml',
      [
        'service:',
        '  name: svc',
        'metrics:',
        '  exportIntervalMillis: 1000',
        '  colour: red',
        '',
      ].join('\n'),
    );
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:5:3`,
        key: 'metrics.colour',
        message:
          'unknown key (expected one of: exporters, exportIntervalMillis, exportTimeoutMillis, ' +
          'cardinalityLimit, engine, staleSeriesMillis, exemplarFilter, unitBuckets, views, attributeLimits, runtime)',
      },
    ]);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe(
      'invalid Meterline configuration:\n' +
        `  ${configFile}:5:3: metrics.colour: unknown key (expected one of: exporters, ` +
        'exportIntervalMillis, exportTimeoutMillis, cardinalityLimit, engine, staleSeriesMillis, exemplarFilter, unitBuckets, views, attributeLimits, runtime)',
    );
  });

  it('lists a plug-in section’s keys for an unknown key inside it', () => {
    const configFile = tmp.write(
      'file.yaml',
      'exporters:\n  prometheus:\n    port: 9000\n    prot: 9001\n',
    );
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:4:5`,
        key: 'exporters.prometheus.prot',
        message: 'unknown key (expected one of: port, host)',
      },
    ]);
  });

  it('reports a section for a plug-in the service does not ship as an unknown key', () => {
    const configFile = tmp.write('file.yaml', 'exporters:\n  otlp:\n    endpoint: x\n');
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:2:3`,
        key: 'exporters.otlp',
        message: 'unknown key (expected one of: prometheus)',
      },
    ]);
  });

  it('reports a wrong type in the file at the line and column of the value', () => {
    const configFile = tmp.write(
      'file.yaml',
      'service:\n  name: svc\nmetrics:\n  exportIntervalMillis: "soon"\n',
    );
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:4:25`,
        key: 'metrics.exportIntervalMillis',
        message: `expected a whole number of milliseconds from 1 to 2147483647 (2^31-1, Node's longest timer), got "soon"`,
      },
    ]);
  });

  it('reports a port out of range in the file', () => {
    const configFile = tmp.write(
      'file.yaml',
      '# metrics endpoint\nexporters:\n  prometheus:\n    port: 70000\n',
    );
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:4:11`,
        key: 'exporters.prometheus.port',
        message: 'expected a port number (an integer 0-65535), got 70000',
      },
    ]);
  });

  it('reports a bad port variable against the variable and the key it sets', () => {
    const error = configErrorOf(() =>
      loadConfig({ plugins, env: { OTEL_EXPORTER_PROMETHEUS_PORT: 'abc' } }),
    );
    expect(error.problems).toEqual([
      {
        source: 'env OTEL_EXPORTER_PROMETHEUS_PORT',
        key: 'exporters.prometheus.port',
        message: 'expected an integer, got "abc"',
      },
    ]);
    expect(error.message).toContain(
      'env OTEL_EXPORTER_PROMETHEUS_PORT: exporters.prometheus.port: expected an integer',
    );
  });

  it('reports a non-integer OTEL_METRIC_EXPORT_INTERVAL against its variable', () => {
    const error = configErrorOf(() =>
      loadConfig({ plugins, env: { OTEL_METRIC_EXPORT_INTERVAL: '1.5' } }),
    );
    expect(error.problems).toEqual([
      {
        source: 'env OTEL_METRIC_EXPORT_INTERVAL',
        key: 'metrics.exportIntervalMillis',
        message: 'expected an integer, got "1.5"',
      },
    ]);
  });

  it('reports malformed OTEL_RESOURCE_ATTRIBUTES with the offending text', () => {
    const missingEquals = configErrorOf(() =>
      loadConfig({ plugins, env: { OTEL_RESOURCE_ATTRIBUTES: 'team=a,orphan' } }),
    );
    expect(missingEquals.problems).toEqual([
      {
        source: 'env OTEL_RESOURCE_ATTRIBUTES',
        key: 'resource.attributes',
        message: 'expected key=value pairs separated by commas (at "orphan"), got "team=a,orphan"',
      },
    ]);
    const badEncoding = configErrorOf(() =>
      loadConfig({ plugins, env: { OTEL_RESOURCE_ATTRIBUTES: 'team=%zz' } }),
    );
    expect(badEncoding.problems).toEqual([
      {
        source: 'env OTEL_RESOURCE_ATTRIBUTES',
        key: 'resource.attributes',
        message: 'expected a percent-encoded value for "team", got "team=%zz"',
      },
    ]);
  });

  it('reports an unknown exporter in OTEL_METRICS_EXPORTER with the plug-ins the service ships', () => {
    const error = configErrorOf(() =>
      loadConfig({
        plugins: [fakePlugin('prometheus'), fakePlugin('console')],
        env: { OTEL_METRICS_EXPORTER: 'otlp' },
      }),
    );
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem?.key).toBe('metrics.exporters');
    expect(problem?.source).toBe('env OTEL_METRICS_EXPORTER');
    expect(problem?.message).toBe(
      'unknown exporter "otlp" (this service ships: prometheus, console)',
    );
  });

  it('reports an unknown exporter in the file against the file', () => {
    const configFile = tmp.write('file.yaml', 'metrics:\n  exporters: [prometheus, otlp]\n');
    const error = configErrorOf(() => loadConfig({ plugins: [], configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:2:14`,
        key: 'metrics.exporters',
        message: 'unknown exporter "prometheus" (this service ships: none)',
      },
      {
        source: `${configFile}:2:14`,
        key: 'metrics.exporters',
        message: 'unknown exporter "otlp" (this service ships: none)',
      },
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const configFile = tmp.write('file.yaml', 'service:\n  name: a\n  name: b\n');
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:3:3`,
        key: '',
        message: 'YAML syntax error: Map keys must be unique',
      },
    ]);
    expect(error.message).toBe(
      `invalid Meterline configuration:\n  ${configFile}:3:3: YAML syntax error: Map keys must be unique`,
    );
  });

  it('reports a missing config file by its path', () => {
    const configFile = `${tmp.dir}/absent.yaml`;
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([{ source: configFile, key: '', message: 'file not found' }]);
  });

  it('reports a missing file named by METERLINE_CONFIG_FILE', () => {
    const configFile = `${tmp.dir}/absent.yaml`;
    const error = configErrorOf(() =>
      loadConfig({ plugins, env: { METERLINE_CONFIG_FILE: configFile } }),
    );
    expect(error.problems).toEqual([{ source: configFile, key: '', message: 'file not found' }]);
  });

  it('reports a file whose top level is not a mapping', () => {
    const configFile = tmp.write('file.yaml', '- a\n- b\n');
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      { source: `${configFile}:1:1`, key: '', message: 'expected a mapping at the top level' },
    ]);
  });

  it('reports problems in the code layers against the option that set them', () => {
    const error = configErrorOf(() =>
      loadConfig({
        plugins,
        env: {},
        defaults: { service: { name: '' } },
        config: { metrics: { exportIntervalMillis: -5 } },
      }),
    );
    expect(error.problems).toEqual([
      {
        source: 'startTelemetry({ defaults })',
        key: 'service.name',
        message: 'Too small: expected string to have >=1 characters, got ""',
      },
      {
        source: 'startTelemetry({ config })',
        key: 'metrics.exportIntervalMillis',
        message: `expected a whole number of milliseconds from 1 to 2147483647 (2^31-1, Node's longest timer), got -5`,
      },
    ]);
  });

  it('reports every problem of every layer at once', () => {
    const configFile = tmp.write(
      'file.yaml',
      'metrics:\n  exportIntervalMillis: 10\n  colour: red\nexporters:\n  prometheus:\n    port: 70000\n',
    );
    const error = configErrorOf(() =>
      loadConfig({
        plugins,
        configFile,
        env: { OTEL_EXPORTER_PROMETHEUS_PORT: 'abc', OTEL_RESOURCE_ATTRIBUTES: 'orphan' },
        config: { metrics: { cardinalityLimit: 0 } },
      }),
    );
    expect(error.problems.map((p) => `${p.source} ${p.key}`)).toEqual([
      `${configFile}:3:3 metrics.colour`,
      `${configFile}:6:11 exporters.prometheus.port`,
      'env OTEL_RESOURCE_ATTRIBUTES resource.attributes',
      'env OTEL_EXPORTER_PROMETHEUS_PORT exporters.prometheus.port',
      'startTelemetry({ config }) metrics.cardinalityLimit',
    ]);
    expect(error.message.split('\n')).toHaveLength(1 + 5);
  });

  it('reports non-increasing buckets in a view with the index of the view', () => {
    const configFile = tmp.write(
      'file.yaml',
      [
        'metrics:',
        '  views:',
        '    - instrument: ok',
        '      buckets: [1, 2, 3]',
        '    - instrument: bad',
        '      buckets: [1, 5, 5]',
        '',
      ].join('\n'),
    );
    const error = configErrorOf(() => loadConfig({ plugins, configFile, env: {} }));
    expect(error.problems).toEqual([
      {
        source: `${configFile}:6:16`,
        key: 'metrics.views[1].buckets',
        message: 'expected bucket boundaries in strictly increasing order',
      },
    ]);
  });

  it('reports an unknown preset name in a view with the list of presets', () => {
    const error = configErrorOf(() =>
      loadConfig({
        plugins,
        env: {},
        config: { metrics: { views: [{ instrument: 'h', preset: 'fast' as never }] } },
      }),
    );
    expect(error.problems).toEqual([
      {
        source: 'startTelemetry({ config })',
        key: 'metrics.views[0].preset',
        message: 'expected a bucket preset: latency, latency-ms, wait, bytes, got "fast"',
      },
    ]);
  });

  it('reports non-increasing unitBuckets boundaries against their unit', () => {
    const error = configErrorOf(() =>
      loadConfig({ plugins, env: {}, config: { metrics: { unitBuckets: { ms: [2, 1] } } } }),
    );
    expect(error.problems).toEqual([
      {
        source: 'startTelemetry({ config })',
        key: 'metrics.unitBuckets.ms',
        message: 'expected bucket boundaries in strictly increasing order',
      },
    ]);
  });

  it('reports an unknown key in a view with the keys a view takes', () => {
    const error = configErrorOf(() =>
      loadConfig({
        plugins,
        env: {},
        config: { metrics: { views: [{ instrument: 'h', bucket: [1] } as never] } },
      }),
    );
    expect(error.problems).toEqual([
      {
        source: 'startTelemetry({ config })',
        key: 'metrics.views[0].bucket',
        message:
          'unknown key (expected one of: instrument, meter, type, unit, rename, description, ' +
          'buckets, preset, attributes, drop, cardinalityLimit, exponential, aggregation)',
      },
    ]);
  });
});
