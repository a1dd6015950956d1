import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@meterline/sdk';
import { otlpExporter, type OtlpOptions } from '../src/index.js';
import { otlpEnabledByEnv, parseHeaders, resolveMetricsUrl } from '../src/options.js';

/** The `otlp` options resolved from `env` alone, through the SDK's real config loader. */
function fromEnv(env: Record<string, string>): OtlpOptions {
  const config = loadConfig({
    plugins: [otlpExporter],
    env: { OTEL_METRICS_EXPORTER: 'otlp', ...env },
  });
  return config.exporters.otlp as OtlpOptions;
}

function problemsOf(env: Record<string, string>): string {
  try {
    fromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('OTLP options from the standard variables', () => {
  it('defaults to http/protobuf on localhost:4318, cumulative, 10 s, no compression', () => {
    const options = fromEnv({});
    expect(options).toEqual({
      protocol: 'http/protobuf',
      headers: {},
      metricsHeaders: {},
      timeoutMillis: 10_000,
      compression: 'none',
      temporality: 'cumulative',
      histogramAggregation: 'explicit_bucket_histogram',
    });
    expect(resolveMetricsUrl(options)).toBe('http://localhost:4318/v1/metrics');
    expect(resolveMetricsUrl({ ...options, protocol: 'grpc' })).toBe('http://localhost:4317');
  });

  it('appends v1/metrics to OTEL_EXPORTER_OTLP_ENDPOINT, keeping its path', () => {
    expect(
      resolveMetricsUrl(fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://vm:8428/opentelemetry' })),
    ).toBe('http://vm:8428/opentelemetry/v1/metrics');
    expect(resolveMetricsUrl(fromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }))).toBe(
      'http://c:4318/v1/metrics',
    );
  });

  it('uses OTEL_EXPORTER_OTLP_METRICS_ENDPOINT exactly as given, over the generic one', () => {
    const options = fromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://vm:8428/opentelemetry/v1/metrics',
    });
    expect(resolveMetricsUrl(options)).toBe('http://vm:8428/opentelemetry/v1/metrics');
  });

  it('uses the generic endpoint as is over gRPC', () => {
    const options = fromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(resolveMetricsUrl(options)).toBe('http://collector:4317');
  });

  it('lets each metrics-specific variable win over its generic twin', () => {
    const options = fromEnv({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'HTTP/JSON',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
      OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta',
    });
    expect(options).toMatchObject({
      protocol: 'http/json',
      timeoutMillis: 2500,
      compression: 'gzip',
      temporality: 'delta',
    });
  });

  it('takes the default histogram aggregation from its standard variable', () => {
    expect(
      fromEnv({
        OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION:
          'BASE2_EXPONENTIAL_BUCKET_HISTOGRAM',
      }).histogramAggregation,
    ).toBe('base2_exponential_bucket_histogram');
    expect(
      problemsOf({ OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'exponential' }),
    ).toContain(
      'env OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: exporters.otlp.histogramAggregation: expected one of: explicit_bucket_histogram, base2_exponential_bucket_histogram',
    );
  });

  it('merges generic and metrics headers key by key, percent-decoding values', () => {
    const options = fromEnv({
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-tenant=a',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-tenant=b',
    });
    expect({ ...options.headers, ...options.metricsHeaders }).toEqual({
      authorization: 'Bearer abc',
      'x-tenant': 'b',
    });
  });

  it('names the variable, the key and what was expected for each bad value', () => {
    const message = problemsOf({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: 'soon',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'novalue',
    });
    expect(message).toContain(
      'env OTEL_EXPORTER_OTLP_PROTOCOL: exporters.otlp.protocol: expected one of: http/protobuf, http/json, grpc',
    );
    expect(message).toContain(
      'env OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: exporters.otlp.timeoutMillis:',
    );
    expect(message).toContain(
      'env OTEL_EXPORTER_OTLP_ENDPOINT: exporters.otlp.endpoint: expected an absolute http:// or https:// URL',
    );
    expect(message).toContain(
      'env OTEL_EXPORTER_OTLP_HEADERS: exporters.otlp.headers: expected name=value pairs separated by commas; pair 1 of 1 has no name (value not shown: it may hold a secret)',
    );
  });
});

describe('parseHeaders', () => {
  it('reads key=value pairs, trims, skips empty items and keeps = inside values', () => {
    expect(parseHeaders(' a = 1 ,, b=x=y ')).toEqual({ a: '1', b: 'x=y' });
  });

  it('names a value that is not percent-encoded', () => {
    expect(() => parseHeaders('token=%zz')).toThrow(
      'expected a percent-encoded value for header "token"',
    );
  });
});

describe('otlpEnabledByEnv', () => {
  it('is on when either endpoint variable is set, off when unset or blank', () => {
    expect(otlpEnabledByEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(true);
    expect(
      otlpEnabledByEnv({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://c:4318/v1/metrics' }),
    ).toBe(true);
    expect(otlpEnabledByEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(otlpEnabledByEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'a=b' })).toBe(false);
  });

  it('turns OTLP on beside the default exporter when only the endpoint is set', () => {
    const config = loadConfig({
      plugins: [otlpExporter],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' },
    });
    expect(config.metrics.exporters).toEqual(['otlp']);
  });
});
