import { MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, type ConfigSources } from '../../src/config/load.js';
import type { AnyExporterPlugin, ExporterPlugin } from '@meterline/plugin';

class IdleReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** A plug-in that turns itself on when `variable` is set and non-empty, if given one. */
function plugin(name: string, variable?: string): ExporterPlugin<{ enabled: boolean }> {
  return {
    name,
    optionsSchema: z.strictObject({ enabled: z.boolean().default(true) }),
    ...(variable ? { enabledByEnv: (env) => (env[variable]?.trim() ?? '') !== '' } : {}),
    create: () => Promise.resolve({ reader: new IdleReader(), endpoints: [] }),
  };
}

const prometheus = plugin('prometheus');
const otlp = plugin('otlp', 'OTEL_EXPORTER_OTLP_ENDPOINT');
const influx = plugin('influx', 'METERLINE_INFLUX_URL');

function exportersFor(
  plugins: readonly AnyExporterPlugin[],
  env: Record<string, string>,
  extra: Partial<ConfigSources> = {},
) {
  return loadConfig({ plugins, env, ...extra }).metrics.exporters;
}

describe('plug-ins enabled by the environment', () => {
  it('adds a plug-in whose variable is set to the default list, after the built-in default', () => {
    expect(
      exportersFor([prometheus, otlp], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toEqual(['prometheus', 'otlp']);
  });

  it('leaves the default list alone when the variable is unset or empty', () => {
    expect(exportersFor([prometheus, otlp], {})).toEqual(['prometheus']);
    expect(exportersFor([prometheus, otlp], { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toEqual([
      'prometheus',
    ]);
  });

  it('enables the plug-in alone when the service does not ship the built-in default', () => {
    expect(exportersFor([otlp], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toEqual([
      'otlp',
    ]);
  });

  it('keeps the order the plug-ins are shipped in when several are enabled', () => {
    expect(
      exportersFor([influx, prometheus, otlp], {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        METERLINE_INFLUX_URL: 'http://i:8086',
      }),
    ).toEqual(['prometheus', 'influx', 'otlp']);
  });

  it('never overrides OTEL_METRICS_EXPORTER', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' };
    expect(
      exportersFor([prometheus, otlp], { ...env, OTEL_METRICS_EXPORTER: 'prometheus' }),
    ).toEqual(['prometheus']);
    expect(exportersFor([prometheus, otlp], { ...env, OTEL_METRICS_EXPORTER: 'none' })).toEqual([]);
  });

  it('never overrides an exporter list set in code or in a lower layer', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' };
    expect(
      exportersFor([prometheus, otlp], env, {
        defaults: { metrics: { exporters: ['prometheus'] } },
      }),
    ).toEqual(['prometheus']);
    expect(
      exportersFor([prometheus, otlp], env, { config: { metrics: { exporters: [] } } }),
    ).toEqual([]);
  });

  it('resolves the options of an enabled plug-in like those of a listed one', () => {
    const config = loadConfig({
      plugins: [prometheus, otlp],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' },
    });
    expect(config.exporters.otlp).toEqual({ enabled: true });
  });

  it('reads the environment it is given, not process.env', () => {
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://from-process-env:4318';
    try {
      expect(exportersFor([prometheus, otlp], {})).toEqual(['prometheus']);
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    }
  });
});
