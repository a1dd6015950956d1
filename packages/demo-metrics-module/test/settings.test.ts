import { describe, expect, it } from 'vitest';
import { MetricsModuleConfigError, readMetricsModuleConfig } from '../src/config.js';
import { withGrpcExporter } from '../src/telemetry.js';

describe('readMetricsModuleConfig', () => {
  it('has the fleet defaults', () => {
    expect(readMetricsModuleConfig({})).toEqual({
      host: '127.0.0.1',
      metricsPort: 9480,
      grpcPort: 9481,
      adminToken: undefined,
      workload: true,
    });
  });

  it('names the variable it cannot use', () => {
    expect(() => readMetricsModuleConfig({ METRICS_MODULE_GRPC_PORT: '70000' })).toThrow(
      new MetricsModuleConfigError(
        'METRICS_MODULE_GRPC_PORT: expected an integer 0-65535, got "70000"',
      ),
    );
    expect(() => readMetricsModuleConfig({ DEMO_WORKLOAD: 'maybe' })).toThrow(
      'DEMO_WORKLOAD: expected "on" or "off", got "maybe"',
    );
  });
});

describe('withGrpcExporter', () => {
  it('adds grpc to the exporters OTEL_METRICS_EXPORTER lists, and leaves the rest alone', () => {
    expect(withGrpcExporter({ OTEL_METRICS_EXPORTER: 'prometheus, otlp' })).toEqual({
      OTEL_METRICS_EXPORTER: 'prometheus,otlp,grpc',
    });
    const unset = { OTHER: 'x' };
    expect(withGrpcExporter(unset)).toBe(unset);
    for (const value of ['grpc,prometheus', 'none', '']) {
      const env = { OTEL_METRICS_EXPORTER: value };
      expect(withGrpcExporter(env)).toBe(env);
    }
  });
});
