import { describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  heartbeatSchema,
  parseRequest,
  registerWorkerSchema,
  submitJobSchema,
} from '../src/requests.js';
import { JobServerConfigError, readJobServerConfig } from '../src/config.js';

describe('request validation', () => {
  it('fills defaults for a minimal job', () => {
    expect(parseRequest(submitJobSchema, { tenantId: 'acme' })).toEqual({
      tenantId: 'acme',
      name: 'job',
      durationMs: 100,
      outcome: 'success',
    });
  });

  it('names every bad field of a job', () => {
    const attempt = () =>
      parseRequest(submitJobSchema, { tenantId: '', durationMs: -1, outcome: 'maybe' });
    expect(attempt).toThrow(InvalidRequestError);
    expect(attempt).toThrow(/body\.tenantId: .*; body\.durationMs: .*; body\.outcome: /);
  });

  it('allows errorType only with a failure', () => {
    expect(() => parseRequest(submitJobSchema, { tenantId: 'a', errorType: 'oom' })).toThrow(
      'body.errorType: errorType is only allowed with outcome "failure"',
    );
  });

  it('refuses unknown keys and out-of-range resource reports', () => {
    expect(() => parseRequest(registerWorkerSchema, { id: 'w1', slot: 2 })).toThrow(/"slot"/);
    expect(() => parseRequest(heartbeatSchema, { cpuPercent: 101 })).toThrow(/body\.cpuPercent/);
  });
});

describe('readJobServerConfig', () => {
  it('has the fleet defaults', () => {
    expect(readJobServerConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8081,
      heartbeatTimeoutMs: 15_000,
      naming: 'seed',
      workload: true,
      workers: 1,
      metricsPort: 0,
    });
  });

  it('reads every variable, empty ones as unset', () => {
    expect(
      readJobServerConfig({
        JOB_SERVER_PORT: '0',
        JOB_SERVER_HOST: ' ',
        JOB_SERVER_METRIC_NAMES: 'prometheus',
        DEMO_WORKLOAD: 'off',
        JOB_SERVER_WORKERS: '4',
        JOB_SERVER_METRICS_PORT: '9100',
      }),
    ).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      naming: 'prometheus',
      workload: false,
      workers: 4,
      metricsPort: 9100,
    });
  });

  it('names the bad variable and its value', () => {
    expect(() => readJobServerConfig({ JOB_SERVER_PORT: '70000' })).toThrow(JobServerConfigError);
    expect(() => readJobServerConfig({ JOB_SERVER_PORT: '70000' })).toThrow(
      'JOB_SERVER_PORT: expected an integer 0-65535, got "70000"',
    );
    expect(() => readJobServerConfig({ JOB_SERVER_WORKERS: '0' })).toThrow(
      'JOB_SERVER_WORKERS: expected an integer 1-64, got "0"',
    );
    expect(() => readJobServerConfig({ DEMO_WORKLOAD: 'maybe' })).toThrow(
      'DEMO_WORKLOAD: expected "on" or "off", got "maybe"',
    );
  });
});
