import { prometheusExporter } from '@meterline/exporter-prometheus';
import { grpcServices } from '@meterline/grpc';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import type { Counter } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetricsFamilies, type ParsedFamily } from '../support/openmetrics-parser.js';
import {
  pyCall,
  pyHealth,
  pyOversized,
  pyReflection,
  pyWatch,
  type PyTarget,
} from '../support/python-grpc.js';

// MetricsService driven by a client that is not ours: Debian's python3-grpcio with stubs compiled
// from our .proto by grpc_tools.protoc. The service is a real startTelemetry with the Prometheus
// exporter and the grpc plug-in on free ports; what Record writes shows in the next scrape, parsed
// by the Python strict OpenMetrics parser.

let telemetry: TelemetryHandle;
let target: PyTarget;
let scrapeUrl: string;
let orders: Counter;
const logs: string[] = [];

async function scrape(): Promise<readonly ParsedFamily[]> {
  const res = await fetch(scrapeUrl, {
    headers: { accept: 'application/openmetrics-text; version=1.0.0' },
  });
  return openMetricsFamilies(await res.text());
}

function sample(families: readonly ParsedFamily[], name: string, labels: Record<string, string>) {
  for (const f of families) {
    for (const s of f.samples) {
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) {
        return s.value;
      }
    }
  }
  return undefined;
}

beforeAll(async () => {
  telemetry = await startTelemetry({
    plugins: [prometheusExporter, grpcServices],
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    env: {},
    registerGlobal: false,
    defaults: { service: { name: 'grpc-e2e' } },
    config: {
      metrics: {
        exporters: ['prometheus', 'grpc'],
        runtime: { enabled: false },
        views: [{ instrument: 'batch.capped', cardinalityLimit: 3 }],
      },
      exporters: {
        prometheus: { port: 0, host: '127.0.0.1' },
        grpc: {
          port: 0,
          watchMinIntervalMillis: 50,
          maxReceiveMessageBytes: 64 * 1024,
          recordBurst: 50,
          recordPerSecond: 1,
        },
      },
    },
  });
  scrapeUrl = telemetry.endpoints.find((e) => e.exporter === 'prometheus')!.url;
  const grpcUrl = telemetry.endpoints.find((e) => e.exporter === 'grpc')!.url;
  target = { target: grpcUrl.replace(/^grpc:\/\//, '') };
  const meter = telemetry.meterProvider.getMeter('shop');
  orders = meter.createCounter('shop.orders', { description: 'Orders placed', unit: '{order}' });
  orders.add(3, { region: 'eu', tier: 'gold' });
  orders.add(5, { region: 'us', tier: 'gold' });
  orders.add(7, { region: 'us', tier: 'free' });
  const latency = meter.createHistogram('shop.latency', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 1] },
  });
  latency.record(0.05, { route: '/a' });
  latency.record(0.5, { route: '/a' });
  latency.record(2, { route: '/a' });
}, 120_000);

afterAll(async () => {
  await telemetry?.shutdown();
});

describe('the grpc plug-in', () => {
  it('prints its address as an endpoint on loopback', () => {
    const grpc = telemetry.endpoints.find((e) => e.exporter === 'grpc')!;
    expect(grpc.url).toMatch(/^grpc:\/\/127\.0\.0\.1:\d+$/);
    expect(logs.some((l) => l.startsWith('gRPC services at grpc://127.0.0.1:'))).toBe(true);
  });
});

describe('ListInstruments', () => {
  it('lists the instruments with kind, unit, description and series count', async () => {
    const result = await pyCall<{ instruments: Record<string, unknown>[] }>(
      target,
      'metrics',
      'ListInstruments',
      { name_prefix: 'shop.' },
    );
    expect(result.error).toBeUndefined();
    const byName = Object.fromEntries(result.response!.instruments.map((i) => [i.name, i]));
    expect(Object.keys(byName).sort()).toEqual(['shop.latency', 'shop.orders']);
    expect(byName['shop.orders']).toMatchObject({
      kind: 'INSTRUMENT_KIND_COUNTER',
      unit: '{order}',
      description: 'Orders placed',
      series_count: '3',
      enabled: true,
      scope: { name: 'shop' },
    });
    expect(Number(byName['shop.orders']!.cardinality_limit)).toBeGreaterThan(0);
    expect(byName['shop.latency']).toMatchObject({
      kind: 'INSTRUMENT_KIND_HISTOGRAM',
      unit: 's',
      series_count: '1',
    });
  });
});

describe('Query', () => {
  it('answers cumulative points filtered by = and =~ matchers', async () => {
    const result = await pyCall<{ metrics: { points: Record<string, unknown>[] }[] }>(
      target,
      'metrics',
      'Query',
      {
        instrument: 'shop.orders',
        matchers: [
          { name: 'tier', type: 'MATCH_TYPE_EQUAL', value: 'gold' },
          { name: 'region', type: 'MATCH_TYPE_REGEX', value: 'u.' },
        ],
      },
    );
    expect(result.error).toBeUndefined();
    const [metric] = result.response!.metrics;
    expect(metric).toMatchObject({
      name: 'shop.orders',
      kind: 'INSTRUMENT_KIND_COUNTER',
      temporality: 'TEMPORALITY_CUMULATIVE',
    });
    expect(metric!.points).toHaveLength(1);
    expect(metric!.points[0]).toMatchObject({
      number: 5,
      attributes: [
        { key: 'region', value: { string_value: 'us' } },
        { key: 'tier', value: { string_value: 'gold' } },
      ],
    });
  });

  it('answers != and !~ matchers', async () => {
    const result = await pyCall<{ metrics: { points: { number: number }[] }[] }>(
      target,
      'metrics',
      'Query',
      {
        instrument: 'shop.orders',
        matchers: [
          { name: 'tier', type: 'MATCH_TYPE_NOT_EQUAL', value: 'free' },
          { name: 'region', type: 'MATCH_TYPE_NOT_REGEX', value: 'e.*' },
        ],
      },
    );
    expect(result.response!.metrics[0]!.points.map((p) => p.number)).toEqual([5]);
  });

  it('answers histogram buckets, count, sum, min and max', async () => {
    const result = await pyCall<{
      metrics: { points: { histogram: Record<string, unknown> }[] }[];
    }>(target, 'metrics', 'Query', { instrument: 'shop.latency' });
    expect(result.response!.metrics[0]!.points[0]!.histogram).toEqual({
      count: '3',
      sum: 2.55,
      bounds: [0.1, 1],
      bucket_counts: ['1', '1', '1'],
      has_min_max: true,
      min: 0.05,
      max: 2,
    });
  });

  it('answers deltas since the previous query with the same cursor', async () => {
    const query = {
      instrument: 'shop.orders',
      temporality: 'TEMPORALITY_DELTA',
      cursor: 'dashboard-1',
      matchers: [{ name: 'region', type: 'MATCH_TYPE_EQUAL', value: 'eu' }],
    };
    type Delta = {
      previous_time?: string;
      metrics: { points: { number: number; reset: boolean }[] }[];
    };
    const first = await pyCall<Delta>(target, 'metrics', 'Query', query);
    expect(first.response!.metrics[0]!.points[0]).toMatchObject({ number: 3, reset: true });
    expect(first.response!.previous_time).toBeUndefined();
    orders.add(4, { region: 'eu', tier: 'gold' });
    const second = await pyCall<Delta>(target, 'metrics', 'Query', query);
    expect(second.response!.metrics[0]!.points[0]).toMatchObject({ number: 4, reset: false });
    expect(second.response!.previous_time).toBeDefined();
    const third = await pyCall<Delta>(target, 'metrics', 'Query', query);
    expect(third.response!.metrics[0]!.points[0]).toMatchObject({ number: 0, reset: false });
    // Another cursor has its own memory: it starts from the whole value.
    const other = await pyCall<Delta>(target, 'metrics', 'Query', { ...query, cursor: 'other' });
    expect(other.response!.metrics[0]!.points[0]).toMatchObject({ number: 7, reset: true });
  });
});

describe('Watch', () => {
  it('streams updates at the interval and ends after max_updates', async () => {
    const { updates, end } = await pyWatch(target, {
      query: {
        instrument: 'shop.orders',
        matchers: [{ name: 'region', type: 'MATCH_TYPE_EQUAL', value: 'us' }],
      },
      interval_ms: 50,
      max_updates: 3,
    });
    expect(end).toEqual({ code: 'OK', details: '' });
    expect(updates.map((u) => u.sequence)).toEqual(['1', '2', '3']);
    const first = updates[0]!.result as { metrics: { points: { number: number }[] }[] };
    expect(first.metrics[0]!.points.map((p) => p.number).sort()).toEqual([5, 7]);
  });

  it('ends when the client cancels, and the server keeps serving', async () => {
    const { updates, end } = await pyWatch(
      target,
      { query: { instrument: 'shop.orders' }, interval_ms: 50 },
      2,
    );
    expect(updates).toHaveLength(2);
    expect(end.code).toBe('CANCELLED');
    const after = await pyCall(target, 'metrics', 'ListInstruments', {});
    expect(after.error).toBeUndefined();
  });

  it('refuses a watch of an unknown instrument with NOT_FOUND', async () => {
    const { updates, end } = await pyWatch(target, {
      query: { instrument: 'nope' },
      interval_ms: 50,
    });
    expect(updates).toEqual([]);
    expect(end).toEqual({
      code: 'NOT_FOUND',
      details: 'query.instrument: no instrument is named "nope"',
    });
  });
});

describe('Record', () => {
  it('records into new instruments, visible in the next Prometheus scrape', async () => {
    const result = await pyCall(target, 'metrics', 'Record', {
      measurements: [
        {
          instrument: 'batch.jobs',
          kind: 'INSTRUMENT_KIND_COUNTER',
          description: 'Jobs run by the batch runner',
          value: 2,
          attributes: [{ key: 'queue', value: { string_value: 'high' } }],
        },
        {
          instrument: 'batch.jobs',
          kind: 'INSTRUMENT_KIND_COUNTER',
          value: 3,
          attributes: [{ key: 'queue', value: { string_value: 'high' } }],
        },
        {
          instrument: 'batch.queue_depth',
          kind: 'INSTRUMENT_KIND_GAUGE',
          value: 42,
          attributes: [
            { key: 'queue', value: { string_value: 'low' } },
            { key: 'shard', value: { int_value: 7 } },
          ],
        },
        { instrument: 'batch.duration', kind: 'INSTRUMENT_KIND_HISTOGRAM', unit: 's', value: 0.25 },
      ],
    });
    expect(result).toEqual({
      response: { recorded: 4, created: ['batch.jobs', 'batch.queue_depth', 'batch.duration'] },
    });
    const families = await scrape();
    expect(sample(families, 'batch_jobs_total', { queue: 'high' })).toBe(5);
    expect(sample(families, 'batch_queue_depth', { queue: 'low', shard: '7' })).toBe(42);
    expect(sample(families, 'batch_duration_seconds_count', {})).toBe(1);
    expect(sample(families, 'batch_duration_seconds_sum', {})).toBe(0.25);
  });

  it('keeps to the series limit as any API call: series past it go to the overflow series', async () => {
    const result = await pyCall(target, 'metrics', 'Record', {
      measurements: ['a', 'b', 'c', 'd', 'e', 'f'].map((user) => ({
        instrument: 'batch.capped',
        kind: 'INSTRUMENT_KIND_COUNTER',
        value: 1,
        attributes: [{ key: 'user', value: { string_value: user } }],
      })),
    });
    expect(result.error).toBeUndefined();
    const families = await scrape();
    const series = families
      .flatMap((f) => f.samples)
      .filter((s) => s.name === 'batch_capped_total');
    expect(series.length).toBeLessThanOrEqual(3);
    expect(series.some((s) => s.labels.otel_metric_overflow === 'true')).toBe(true);
    expect(series.reduce((sum, s) => sum + (s.value as number), 0)).toBe(6);
  });

  it('refuses bad input naming the field, recording nothing of the request', async () => {
    const cases: [object, string][] = [
      [
        { instrument: '9lives', kind: 'INSTRUMENT_KIND_COUNTER', value: 1 },
        'measurements[1].instrument: "9lives" is not a valid instrument name',
      ],
      [
        { instrument: 'batch.jobs', kind: 'INSTRUMENT_KIND_COUNTER', value: -1 },
        'measurements[1].value: a counter takes no negative value, got -1',
      ],
      [
        { instrument: 'batch.jobs', kind: 'INSTRUMENT_KIND_COUNTER', value: 'NaN' },
        'measurements[1].value: must be a finite number, got NaN',
      ],
      [
        { instrument: 'x', kind: 'INSTRUMENT_KIND_UNSPECIFIED', value: 1 },
        'measurements[1].kind: must be COUNTER, UP_DOWN_COUNTER, HISTOGRAM or GAUGE',
      ],
      [
        {
          instrument: 'x',
          kind: 'INSTRUMENT_KIND_COUNTER',
          value: 1,
          attributes: [{ key: 'a', value: {} }],
        },
        'measurements[1].attributes[0].value: must be set',
      ],
      [
        {
          instrument: 'x',
          kind: 'INSTRUMENT_KIND_COUNTER',
          value: 1,
          attributes: [
            { key: 'a', value: { bool_value: true } },
            { key: 'a', value: { bool_value: false } },
          ],
        },
        'measurements[1].attributes[1].key: duplicate key "a"',
      ],
    ];
    for (const [bad, message] of cases) {
      const result = await pyCall(target, 'metrics', 'Record', {
        measurements: [
          {
            instrument: 'batch.jobs',
            kind: 'INSTRUMENT_KIND_COUNTER',
            value: 100,
            attributes: [{ key: 'queue', value: { string_value: 'high' } }],
          },
          bad,
        ],
      });
      expect(result.error?.code).toBe('INVALID_ARGUMENT');
      expect(result.error?.details).toContain(message);
    }
    const kind = await pyCall(target, 'metrics', 'Record', {
      measurements: [{ instrument: 'batch.jobs', kind: 'INSTRUMENT_KIND_GAUGE', value: 1 }],
    });
    expect(kind.error).toEqual({
      code: 'FAILED_PRECONDITION',
      details: 'measurements[0].kind: instrument "batch.jobs" is a counter, not a gauge',
    });
    // Nothing of the refused requests was recorded.
    expect(sample(await scrape(), 'batch_jobs_total', { queue: 'high' })).toBe(5);
  });

  it('limits each peer with a token bucket: RESOURCE_EXHAUSTED when over, then serves others', async () => {
    const many = Array.from({ length: 60 }, () => ({
      instrument: 'batch.flood',
      kind: 'INSTRUMENT_KIND_COUNTER',
      value: 1,
    }));
    const result = await pyCall(target, 'metrics', 'Record', { measurements: many });
    expect(result.error).toEqual({
      code: 'RESOURCE_EXHAUSTED',
      details:
        'rate limit: 127.0.0.1 may record 1 measurements per second (bursts of 50); retry later',
    });
    const list = await pyCall(target, 'metrics', 'ListInstruments', {});
    expect(list.error).toBeUndefined();
  });
});

describe('bad input over gRPC', () => {
  it('answers NOT_FOUND for an unknown instrument', async () => {
    const result = await pyCall(target, 'metrics', 'Query', { instrument: 'no.such.thing' });
    expect(result.error).toEqual({
      code: 'NOT_FOUND',
      details: 'instrument: no instrument is named "no.such.thing"',
    });
  });

  it('answers INVALID_ARGUMENT naming the matcher for a bad regular expression', async () => {
    const result = await pyCall(target, 'metrics', 'Query', {
      instrument: 'shop.orders',
      matchers: [
        { name: 'tier', type: 'MATCH_TYPE_EQUAL', value: 'gold' },
        { name: 'region', type: 'MATCH_TYPE_REGEX', value: '(unclosed' },
      ],
    });
    expect(result.error?.code).toBe('INVALID_ARGUMENT');
    expect(result.error?.details).toMatch(
      /^matchers\[1\]\.value: invalid regular expression "\(unclosed": /,
    );
    const exponential = await pyCall(target, 'metrics', 'Query', {
      instrument: 'shop.orders',
      matchers: [{ name: 'region', type: 'MATCH_TYPE_REGEX', value: '(u+)+s' }],
    });
    expect(exponential.error).toEqual({
      code: 'INVALID_ARGUMENT',
      details:
        'matchers[0].value: regular expression "(u+)+s" may take exponential time (nested quantifiers); simplify it',
    });
  });

  it('answers INVALID_ARGUMENT for a matcher without a type or a name, and a delta without cursor', async () => {
    const noType = await pyCall(target, 'metrics', 'Query', {
      instrument: 'shop.orders',
      matchers: [{ name: 'tier', value: 'gold' }],
    });
    expect(noType.error).toEqual({
      code: 'INVALID_ARGUMENT',
      details: 'matchers[0].type: must be EQUAL, NOT_EQUAL, REGEX or NOT_REGEX',
    });
    const noName = await pyCall(target, 'metrics', 'Query', {
      instrument: 'shop.orders',
      matchers: [{ type: 'MATCH_TYPE_EQUAL', value: 'gold' }],
    });
    expect(noName.error).toEqual({
      code: 'INVALID_ARGUMENT',
      details: 'matchers[0].name: must not be empty',
    });
    const noCursor = await pyCall(target, 'metrics', 'Query', {
      instrument: 'shop.orders',
      temporality: 'TEMPORALITY_DELTA',
    });
    expect(noCursor.error).toEqual({
      code: 'INVALID_ARGUMENT',
      details: 'cursor: a delta query needs a cursor of 1 to 128 characters',
    });
  });

  it('answers RESOURCE_EXHAUSTED for an oversized request and keeps serving', async () => {
    const result = await pyOversized(target, 100 * 1024);
    expect(result.error?.code).toBe('RESOURCE_EXHAUSTED');
    expect(result.error?.details).toMatch(/^Received message larger than max \(\d+ vs 65536\)$/);
    const after = await pyCall(target, 'metrics', 'Query', { instrument: 'shop.latency' });
    expect(after.error).toBeUndefined();
  });
});

describe('stock tooling', () => {
  it('answers the standard health check for the server and each service', async () => {
    for (const service of [
      '',
      'meterline.metrics.v1.MetricsService',
      'meterline.metrics.v1.MetricsAdminService',
    ]) {
      expect(await pyHealth(target, service)).toEqual({ response: { status: 'SERVING' } });
    }
    const unknown = await pyHealth(target, 'no.Such');
    expect(unknown.error?.code).toBe('NOT_FOUND');
  });

  it('lists our services through server reflection, with their descriptors', async () => {
    const result = await pyReflection(target);
    expect(result.response!.services).toEqual(
      expect.arrayContaining([
        'meterline.metrics.v1.MetricsService',
        'meterline.metrics.v1.MetricsAdminService',
        'grpc.health.v1.Health',
      ]),
    );
    const admin = result.response!.files.find((f) => f.services.includes('MetricsAdminService'));
    expect(admin).toMatchObject({ package: 'meterline.metrics.v1' });
  });
});
