import { describe, expect, it } from 'vitest';
import {
  CORE_ENV_BINDINGS,
  parseResourceAttributes,
  readEnvLayer,
  setPath,
} from '../../src/config/env.js';
import type { EnvBinding } from '@meterline/plugin';

describe('readEnvLayer', () => {
  it('maps the core OTEL_* variables onto their config keys and records their origin', () => {
    const { layer, origins, problems } = readEnvLayer(
      {
        OTEL_SERVICE_NAME: ' checkout ',
        OTEL_METRIC_EXPORT_INTERVAL: '15000',
        OTEL_METRIC_EXPORT_TIMEOUT: '+500',
        OTEL_METRICS_EXPORTER: 'Prometheus, otlp',
        OTEL_RESOURCE_ATTRIBUTES: 'team=storage',
        UNRELATED: 'x',
      },
      CORE_ENV_BINDINGS,
    );
    expect(problems).toEqual([]);
    expect(layer).toEqual({
      service: { name: 'checkout' },
      resource: { attributes: { team: 'storage' } },
      metrics: {
        exporters: ['prometheus', 'otlp'],
        exportIntervalMillis: 15000,
        exportTimeoutMillis: 500,
      },
    });
    expect(Object.fromEntries(origins)).toEqual({
      'service.name': 'OTEL_SERVICE_NAME',
      'resource.attributes': 'OTEL_RESOURCE_ATTRIBUTES',
      'metrics.exporters': 'OTEL_METRICS_EXPORTER',
      'metrics.exportIntervalMillis': 'OTEL_METRIC_EXPORT_INTERVAL',
      'metrics.exportTimeoutMillis': 'OTEL_METRIC_EXPORT_TIMEOUT',
    });
  });

  it('reports text that is not an integer against its variable', () => {
    const { layer, problems } = readEnvLayer(
      { OTEL_METRIC_EXPORT_INTERVAL: 'soon' },
      CORE_ENV_BINDINGS,
    );
    expect(problems).toEqual([
      {
        source: 'env OTEL_METRIC_EXPORT_INTERVAL',
        key: 'metrics.exportIntervalMillis',
        message: 'expected an integer, got "soon"',
      },
    ]);
    expect(layer).toEqual({});
  });

  it('reads every value type', () => {
    const bindings: EnvBinding[] = [
      { variable: 'A_NUMBER', path: ['n'], type: 'number' },
      { variable: 'A_BOOL', path: ['b'], type: 'boolean' },
      { variable: 'A_LIST', path: ['l'], type: 'list' },
      { variable: 'A_STRING', path: ['deep', 's'] },
    ];
    const { layer } = readEnvLayer(
      { A_NUMBER: '2.5', A_BOOL: 'TRUE', A_LIST: 'a, b,,c ', A_STRING: 'text' },
      bindings,
    );
    expect(layer).toEqual({ n: 2.5, b: true, l: ['a', 'b', 'c'], deep: { s: 'text' } });
  });

  it('reports a boolean that is neither true nor false against its variable', () => {
    const { layer, problems } = readEnvLayer({ A_BOOL: 'yes' }, [
      { variable: 'A_BOOL', path: ['section', 'enabled'], type: 'boolean' },
    ]);
    expect(layer).toEqual({});
    expect(problems).toEqual([
      {
        source: 'env A_BOOL',
        key: 'section.enabled',
        message: 'expected true or false, got "yes"',
      },
    ]);
  });

  it('lets a custom reader win over the type', () => {
    const { layer } = readEnvLayer({ A: '7' }, [
      { variable: 'A', path: ['a'], type: 'int', parse: (raw) => `custom:${raw}` },
    ]);
    expect(layer).toEqual({ a: 'custom:7' });
  });
});

describe('parseResourceAttributes', () => {
  it('splits pairs, trims keys and values and percent-decodes values', () => {
    expect(parseResourceAttributes(' a = 1 ,b=x%2Fy,, c=%E2%9C%93')).toEqual({
      a: '1',
      b: 'x/y',
      c: '✓',
    });
  });

  it('keeps an equals sign inside a value and allows an empty value', () => {
    expect(parseResourceAttributes('a=b=c,empty=')).toEqual({ a: 'b=c', empty: '' });
  });

  it('rejects a pair without a key', () => {
    expect(() => parseResourceAttributes('=value')).toThrow(
      'expected key=value pairs separated by commas (at "=value")',
    );
  });
});

describe('setPath', () => {
  it('creates intermediate objects and replaces scalars on the way', () => {
    const target: Record<string, unknown> = { a: 1 };
    setPath(target, ['a', 'b', 'c'], 'x');
    setPath(target, ['a', 'b', 'd'], 'y');
    expect(target).toEqual({ a: { b: { c: 'x', d: 'y' } } });
  });
});
