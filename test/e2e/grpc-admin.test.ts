import { ROOT_CONTEXT, TraceFlags, trace, type Counter } from '@opentelemetry/api';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { grpcServices } from '@meterline/grpc';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetricsFamilies, type ParsedSample } from '../support/openmetrics-parser.js';
import { pyCall, pyCallRepeated, type PyTarget } from '../support/python-grpc.js';

// MetricsAdminService driven by Debian's python3-grpcio against a real startTelemetry (Meterline's
// engine, the Prometheus exporter and the grpc plug-in on free ports). Each admin action's effect
// is read in the next Prometheus scrape, parsed by the Python strict OpenMetrics parser; every
// action is in the log (who, what, result; never the secret) and in
// meterline_grpc_admin_actions_total{action, result}.

const TOKEN = 'e2e-admin-token-0123456789';
const sampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
});
const unsampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: 'ffffffffffffffffffffffffffffffff',
  spanId: 'ffffffffffffffff',
  traceFlags: TraceFlags.NONE,
});

let telemetry: TelemetryHandle;
let scrapeUrl: string;
let address: string;
let admin: PyTarget;
let orders: Counter;
let jobs: Counter;
const logs: string[] = [];

async function samples(name: string): Promise<ParsedSample[]> {
  const res = await fetch(scrapeUrl, {
    headers: { accept: 'application/openmetrics-text; version=1.0.0' },
  });
  return openMetricsFamilies(await res.text()).flatMap((f) =>
    f.samples.filter((s) => s.name === name),
  );
}

beforeAll(async () => {
  telemetry = await startTelemetry({
    plugins: [prometheusExporter, grpcServices],
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    env: {},
    registerGlobal: false,
    defaults: { service: { name: 'grpc-admin-e2e' } },
    config: {
      metrics: {
        exporters: ['prometheus', 'grpc'],
        runtime: { enabled: false },
        exemplarFilter: 'trace_based',
        cardinalityLimit: 100,
        views: [{ instrument: 'shop.latency', buckets: [0.1, 1], cardinalityLimit: 50 }],
      },
      exporters: {
        prometheus: { port: 0, host: '127.0.0.1' },
        grpc: {
          port: 0,
          admin: {
            bearerToken: TOKEN,
            basicAuthUsers: {
              ops: bcrypt.hashSync('ops-password', 4),
              auditor: bcrypt.hashSync('auditor-password', 4),
            },
            viewers: ['auditor'],
            failureBurst: 8,
            failuresPerSecond: 0.01,
          },
        },
      },
    },
  });
  scrapeUrl = telemetry.endpoints.find((e) => e.exporter === 'prometheus')!.url;
  address = telemetry.endpoints.find((e) => e.exporter === 'grpc')!.url.replace('grpc://', '');
  admin = { target: address, token: TOKEN };
  const meter = telemetry.meterProvider.getMeter('shop');
  orders = meter.createCounter('shop.orders');
  orders.add(1, { region: 'eu' });
  orders.add(2, { region: 'us', tier: 'gold' });
  orders.add(3, { region: 'us', tier: 'free' });
  jobs = meter.createCounter('shop.jobs');
  telemetry.health.register('database', () => ({ status: 'degraded', message: 'replica lag 12s' }));
}, 120_000);

afterAll(async () => {
  await telemetry?.shutdown();
});

describe('read-only admin actions', () => {
  it('GetConfig answers the effective config with secrets redacted', async () => {
    const result = await pyCall<{ config_json: string }>(admin, 'admin', 'GetConfig');
    expect(result.error).toBeUndefined();
    const json = result.response!.config_json;
    const config = JSON.parse(json) as {
      service: { name: string };
      metrics: { exporters: string[]; cardinalityLimit: number };
      exporters: { grpc: { admin: { bearerToken: string; basicAuthUsers: string } } };
    };
    expect(config.service.name).toBe('grpc-admin-e2e');
    expect(config.metrics.exporters).toEqual(['prometheus', 'grpc']);
    expect(config.metrics.cardinalityLimit).toBe(100);
    expect(config.exporters.grpc.admin.bearerToken).toBe('<redacted>');
    expect(json).not.toContain(TOKEN);
    expect(json).not.toMatch(/\$2[aby]\$/);
  });

  it('ListViews answers the views, the default limit and every instrument', async () => {
    const result = await pyCall<{
      views: Record<string, unknown>[];
      default_cardinality_limit: number;
      instruments: Record<string, unknown>[];
    }>(admin, 'admin', 'ListViews');
    expect(result.response!.views).toEqual([
      expect.objectContaining({ instrument: 'shop.latency', cardinality_limit: 50 }),
    ]);
    expect(result.response!.default_cardinality_limit).toBe(100);
    expect(result.response!.instruments).toContainEqual(
      expect.objectContaining({ name: 'shop.orders', series_count: '3', enabled: true }),
    );
  });

  it('Health answers the health registry', async () => {
    const result = await pyCall<{ status: string; ready: boolean; checks: object[] }>(
      admin,
      'admin',
      'Health',
    );
    expect(result.response).toMatchObject({
      status: 'HEALTH_STATUS_DEGRADED',
      live: true,
      ready: true,
      checks: [
        expect.objectContaining({
          name: 'database',
          status: 'HEALTH_STATUS_DEGRADED',
          message: 'replica lag 12s',
          readiness: true,
        }),
      ],
    });
  });
});

describe('changing admin actions, seen in the next scrape', () => {
  it('SetCardinalityLimit folds new series into the overflow series', async () => {
    const result = await pyCall<{ instruments: Record<string, unknown>[] }>(
      admin,
      'admin',
      'SetCardinalityLimit',
      { instrument: 'shop.jobs', limit: 2 },
    );
    expect(result.response!.instruments).toEqual([
      expect.objectContaining({ name: 'shop.jobs', cardinality_limit: 2 }),
    ]);
    for (const queue of ['a', 'b', 'c', 'd']) jobs.add(1, { queue });
    const series = await samples('shop_jobs_total');
    expect(series.length).toBeLessThanOrEqual(2);
    expect(series.some((s) => s.labels.otel_metric_overflow === 'true')).toBe(true);
    expect(series.reduce((sum, s) => sum + (s.value as number), 0)).toBe(4);
  });

  it('SetInstrumentEnabled switches an instrument off and back on from zero', async () => {
    const off = await pyCall(admin, 'admin', 'SetInstrumentEnabled', {
      instrument: 'shop.orders',
      enabled: false,
    });
    expect(off.response).toEqual({
      instruments: [expect.objectContaining({ name: 'shop.orders', enabled: false })],
    });
    orders.add(10, { region: 'eu' });
    expect(await samples('shop_orders_total')).toEqual([]);
    await pyCall(admin, 'admin', 'SetInstrumentEnabled', {
      instrument: 'shop.orders',
      enabled: true,
    });
    orders.add(5, { region: 'eu' });
    const after = await samples('shop_orders_total');
    expect(after.map((s) => [s.labels.region, s.value])).toEqual([['eu', 5]]);
  });

  it('EvictSeries forgets the matching series', async () => {
    orders.add(1, { region: 'us', tier: 'gold' });
    orders.add(1, { region: 'us', tier: 'free' });
    const result = await pyCall(admin, 'admin', 'EvictSeries', {
      instrument: 'shop.orders',
      matchers: [{ name: 'region', type: 'MATCH_TYPE_EQUAL', value: 'us' }],
    });
    expect(result.response).toEqual({ evicted: '2' });
    const after = await samples('shop_orders_total');
    expect(after.map((s) => s.labels.region)).toEqual(['eu']);
  });

  it('SetExemplarFilter decides which new measurements carry exemplars', async () => {
    const off = await pyCall(admin, 'admin', 'SetExemplarFilter', {
      filter: 'EXEMPLAR_FILTER_ALWAYS_OFF',
    });
    expect(off.response).toEqual({
      previous: 'EXEMPLAR_FILTER_TRACE_BASED',
      current: 'EXEMPLAR_FILTER_ALWAYS_OFF',
    });
    orders.add(1, { region: 'apac' }, sampled);
    const on = await pyCall(admin, 'admin', 'SetExemplarFilter', {
      filter: 'EXEMPLAR_FILTER_ALWAYS_ON',
    });
    expect(on.response).toMatchObject({ current: 'EXEMPLAR_FILTER_ALWAYS_ON' });
    orders.add(1, { region: 'latam' }, unsampled);
    const series = await samples('shop_orders_total');
    expect(series.find((s) => s.labels.region === 'apac')!.exemplar).toBeNull();
    expect(series.find((s) => s.labels.region === 'latam')!.exemplar).toMatchObject({ value: 1 });
  });

  it('ForceFlush answers the push exporters delivery accounting (none here)', async () => {
    const result = await pyCall(admin, 'admin', 'ForceFlush');
    expect(result).toEqual({ response: { deliveries: [] } });
  });
});

describe('admin errors; the server keeps serving', () => {
  it('answers NOT_FOUND for an unknown instrument', async () => {
    for (const [method, request] of [
      ['SetCardinalityLimit', { instrument: 'nope', limit: 5 }],
      ['SetInstrumentEnabled', { instrument: 'nope', enabled: false }],
      ['EvictSeries', { instrument: 'nope' }],
    ] as const) {
      const result = await pyCall(admin, 'admin', method, request);
      expect(result.error).toEqual({
        code: 'NOT_FOUND',
        details: 'instrument: no instrument is named "nope"',
      });
    }
  });

  it('answers INVALID_ARGUMENT for a bad matcher or filter', async () => {
    const matcher = await pyCall(admin, 'admin', 'EvictSeries', {
      instrument: 'shop.orders',
      matchers: [{ name: 'region', type: 'MATCH_TYPE_REGEX', value: '[' }],
    });
    expect(matcher.error?.code).toBe('INVALID_ARGUMENT');
    expect(matcher.error?.details).toMatch(
      /^matchers\[0\]\.value: invalid regular expression "\[": /,
    );
    const filter = await pyCall(admin, 'admin', 'SetExemplarFilter', {});
    expect(filter.error).toEqual({
      code: 'INVALID_ARGUMENT',
      details: 'filter: must be TRACE_BASED, ALWAYS_ON or ALWAYS_OFF',
    });
  });

  it('answers UNAUTHENTICATED without or with wrong credentials', async () => {
    const none = await pyCall({ target: address }, 'admin', 'GetConfig');
    expect(none.error).toEqual({
      code: 'UNAUTHENTICATED',
      details:
        'missing credentials: send metadata "authorization: Bearer <token>" or "Basic <base64>"',
    });
    const token = await pyCall({ target: address, token: 'wrong-token' }, 'admin', 'GetConfig');
    expect(token.error).toEqual({ code: 'UNAUTHENTICATED', details: 'invalid credentials' });
    const basic = await pyCall({ target: address, basic: 'ops:wrong' }, 'admin', 'GetConfig');
    expect(basic.error).toEqual({ code: 'UNAUTHENTICATED', details: 'invalid credentials' });
    const ok = await pyCall({ target: address, basic: 'ops:ops-password' }, 'admin', 'Health');
    expect(ok.error).toBeUndefined();
  });

  it('answers PERMISSION_DENIED when a viewer tries to change the service', async () => {
    const auditor = { target: address, basic: 'auditor:auditor-password' };
    expect((await pyCall(auditor, 'admin', 'ListViews')).error).toBeUndefined();
    const result = await pyCall(auditor, 'admin', 'SetInstrumentEnabled', {
      instrument: 'shop.orders',
      enabled: false,
    });
    expect(result.error).toEqual({
      code: 'PERMISSION_DENIED',
      details: 'user:auditor may only read; SetInstrumentEnabled changes the service',
    });
  });

  it('logs and counts every admin action without a secret', async () => {
    const lines = logs.filter((l) => l.startsWith('grpc admin: '));
    expect(lines).toContain(
      'grpc admin: action=SetCardinalityLimit who=bearer peer=127.0.0.1 instrument="shop.jobs" limit=2 result=OK: done',
    );
    expect(lines).toContain(
      'grpc admin: action=SetInstrumentEnabled who=user:auditor peer=127.0.0.1 instrument="shop.orders" enabled=false result=PERMISSION_DENIED: user:auditor may only read; SetInstrumentEnabled changes the service',
    );
    expect(
      lines.some((l) => l.includes('who=unauthenticated') && l.includes('result=UNAUTHENTICATED')),
    ).toBe(true);
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain('ops-password');
    const counted = await samples('meterline_grpc_admin_actions_total');
    const count = (action: string, result: string) =>
      counted.find((s) => s.labels.action === action && s.labels.result === result)?.value;
    expect(count('SetCardinalityLimit', 'OK')).toBe(1);
    expect(count('SetInstrumentEnabled', 'OK')).toBe(2);
    expect(count('SetInstrumentEnabled', 'NOT_FOUND')).toBe(1);
    expect(count('SetInstrumentEnabled', 'PERMISSION_DENIED')).toBe(1);
    expect(count('GetConfig', 'UNAUTHENTICATED')).toBe(3);
  });

  it('throttles a flood of bad credentials from one address with RESOURCE_EXHAUSTED', async () => {
    const results = await pyCallRepeated(
      { target: address, token: 'guessing-token' },
      'admin',
      'GetConfig',
      {},
      10,
    );
    const codes = results.map((r) => r.error?.code);
    // 3 failures were spent above; the burst is 8.
    expect(codes).toEqual([
      ...Array<string>(5).fill('UNAUTHENTICATED'),
      ...Array<string>(5).fill('RESOURCE_EXHAUSTED'),
    ]);
    expect(results[9]!.error?.details).toBe(
      'too many failed authentication attempts from 127.0.0.1; retry later',
    );
    // Other services still answer.
    expect((await pyCall(admin, 'metrics', 'ListInstruments', {})).error).toBeUndefined();
  });
});
