import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig, type ResolvedConfig } from '../../src/config/load.js';
import { redactedConfig } from '../../src/config/redacted-config.js';

// The effective configuration an admin API may show: which fields are masked, which are not.

function withExporters(exporters: Record<string, unknown>): ResolvedConfig {
  const base = loadConfig({ plugins: [], env: {} });
  return { ...base, exporters };
}

describe('redactedConfig', () => {
  it('masks exactly the secret-bearing fields of every exporter section', () => {
    const config = withExporters({
      otlp: {
        endpoint: 'https://alice:s3cret-pass@collector.example:4318',
        headers: { authorization: 'Bearer abcdefgh12345', 'x-team': 'payments' },
        metricsHeaders: { 'x-api-key': 'k-123456' },
        timeoutMillis: 10_000,
      },
      influx: {
        url: 'http://bob:hunter22@influx.local:8086',
        username: 'bob',
        password: 'hunter22',
        token: 'influx-token-xyz',
        database: 'metrics',
      },
      prometheus: {
        host: '127.0.0.1',
        port: 9464,
        webConfigFile: '/etc/meterline/web.yml',
      },
      custom: {
        apiKey: 'ak-98765',
        api_key: 'ak-43210',
        secret: 'shh-shh',
        credentials: { user: 'u', pass: 'p' },
        basic_auth_users: { admin: '$2y$10$hash' },
        private_key: '-----BEGIN PRIVATE KEY-----',
        tls: { keyFile: '/etc/tls/server.key', certFile: '/etc/tls/server.crt' },
        bearerToken: 'eyJhbGciOi',
        tokenFile: '/run/secrets/token',
        token: 98765432,
      },
    });
    expect(redactedConfig(config).exporters).toEqual({
      otlp: {
        endpoint: 'https://***@collector.example:4318',
        headers: { authorization: '***', 'x-team': '***' },
        metricsHeaders: { 'x-api-key': '***' },
        timeoutMillis: 10_000,
      },
      influx: {
        url: 'http://***@influx.local:8086',
        username: 'bob',
        password: '***',
        token: '***',
        database: 'metrics',
      },
      // A path is shown: the file's content is the secret, and it is never read here.
      prometheus: { host: '127.0.0.1', port: 9464, webConfigFile: '/etc/meterline/web.yml' },
      custom: {
        apiKey: '***',
        api_key: '***',
        secret: '***',
        credentials: { user: '***', pass: '***' },
        basic_auth_users: { admin: '***' },
        private_key: '***',
        tls: { keyFile: '/etc/tls/server.key', certFile: '/etc/tls/server.crt' },
        bearerToken: '***',
        tokenFile: '/run/secrets/token',
        token: '***',
      },
    });
  });

  it('leaves every other setting as resolved, and the argument unchanged', () => {
    const config = withExporters({ otlp: { headers: { authorization: 'Basic dXNlcjpwYXNz' } } });
    const shown = redactedConfig(config);
    expect(shown.metrics).toEqual(config.metrics);
    expect(shown.service).toEqual(config.service);
    expect(shown.metrics.cardinalityLimit).toBe(DEFAULTS.cardinalityLimit);
    expect(config.exporters.otlp).toEqual({ headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(Object.isFrozen(shown.exporters)).toBe(true);
    expect(JSON.stringify(shown)).not.toContain('dXNlcjpwYXNz');
  });
});
