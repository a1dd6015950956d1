import { describe, expect, it } from 'vitest';
import { prometheusOptionsSchema } from '../src/options.js';

describe('prometheusOptionsSchema', () => {
  it('defaults to enabled, loopback, port 9464 and /metrics', () => {
    expect(prometheusOptionsSchema().parse({})).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 9464,
      path: '/metrics',
      health: true,
      errorHandling: 'http-error',
      scrapeTimeoutSeconds: 10,
      maxInFlight: 64,
      maxConcurrentRenders: 1,
      maxConnections: 512,
      headersTimeoutMillis: 10_000,
      requestTimeoutMillis: 30_000,
      keepAliveTimeoutMillis: 30_000,
      idleTimeoutMillis: 60_000,
      gzip: true,
      logRequests: false,
      translationStrategy: 'UnderscoreEscapingWithSuffixes',
      unitSuffixes: true,
      baseUnits: false,
      totalSuffix: true,
      targetInfo: true,
      scopeLabels: true,
      exponentialClassicSchema: 3,
      histogramAggregation: 'explicit',
      createdSamples: true,
    });
  });

  it('keeps the values it is given', () => {
    expect(
      prometheusOptionsSchema().parse({ enabled: false, host: '::', port: 0, path: '/m/x' }),
    ).toMatchObject({ enabled: false, host: '::', port: 0, path: '/m/x' });
  });

  it.each([
    [
      'a path without a leading slash',
      { path: 'metrics' },
      ['path'],
      'expected an absolute URL path such as /metrics',
    ],
    [
      'a path with a query',
      { path: '/metrics?x=1' },
      ['path'],
      'expected an absolute URL path such as /metrics',
    ],
    [
      'a port above 65535',
      { port: 70000 },
      ['port'],
      'expected a port number (an integer 0-65535)',
    ],
    ['a negative port', { port: -1 }, ['port'], 'expected a port number (an integer 0-65535)'],
    ['a fractional port', { port: 80.5 }, ['port'], 'expected a port number (an integer 0-65535)'],
    [
      'a port given as text',
      { port: '9464' },
      ['port'],
      'expected a port number (an integer 0-65535)',
    ],
  ])('rejects %s', (_, input, path, message) => {
    const result = prometheusOptionsSchema().safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([[path, message]]);
  });

  it('range-checks connection settings, naming the range, and keeps the request timeout above the head timeout', () => {
    const issues = (input: unknown) =>
      prometheusOptionsSchema()
        .safeParse(input)
        .error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ maxConnections: 0, keepAliveTimeoutMillis: 2 ** 31 })).toEqual([
      ['maxConnections', 'expected a whole number of connections from 1 to 65536'],
      ['keepAliveTimeoutMillis', 'expected a whole number of milliseconds from 100 to 600000'],
    ]);
    expect(issues({ headersTimeoutMillis: 20_000, requestTimeoutMillis: 15_000 })).toEqual([
      [
        'requestTimeoutMillis',
        'expected at least headersTimeoutMillis: the request includes its head',
      ],
    ]);
  });

  it('rejects an empty host', () => {
    const result = prometheusOptionsSchema().safeParse({ host: '' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['host']]);
  });

  it('rejects an unknown key, naming it', () => {
    const result = prometheusOptionsSchema().safeParse({ prot: 9000 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['prot'], path: [] }),
    ]);
  });
});
