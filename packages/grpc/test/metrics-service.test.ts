import { Metadata, status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { credentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchUpdate__Output } from '../src/generated/meterline/metrics/v1/WatchUpdate.js';
import { startHarness, type Harness } from './harness.js';

// MetricsService over the SDK's MeterProvider (no EngineAdmin: `metrics.engine: sdk`), driven by
// our own grpc-js client. The third-party client drives it in test/e2e/grpc-metrics-service.test.ts.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ watchMinIntervalMillis: 200, maxWatches: 1 });
  const meter = h.provider.getMeter('unit');
  meter.createCounter('jobs', { unit: '{job}' }).add(2, { q: 'a' });
  meter.createHistogram('wait', { unit: 's' }).record(1);
});

afterAll(async () => {
  await h?.close();
});

function watch(request: object): {
  stream: ClientReadableStream<WatchUpdate__Output>;
  updates: number[];
  ended: Promise<ServiceError | undefined>;
} {
  const client = new h.metrics.MetricsService(
    h.server.url.replace('grpc://', ''),
    credentials.createInsecure(),
  );
  const stream = client.Watch(request, new Metadata());
  const updates: number[] = [];
  // The server's collection time of each update (client arrival times bunch up).
  stream.on('data', (u: WatchUpdate__Output) =>
    updates.push(Number(u.result!.time!.seconds) * 1000 + u.result!.time!.nanos / 1e6),
  );
  const ended = new Promise<ServiceError | undefined>((resolve) => {
    stream.on('error', (error: ServiceError) => resolve(error));
    stream.on('end', () => resolve(undefined));
  });
  void ended.then(() => client.close());
  return { stream, updates, ended };
}

describe('MetricsService without an EngineAdmin', () => {
  it('lists instruments from a collection', async () => {
    const r = await h.call<{ instruments: object[] }>('MetricsService', 'ListInstruments', {});
    expect(r.response!.instruments).toEqual([
      expect.objectContaining({
        name: 'jobs',
        kind: 'INSTRUMENT_KIND_COUNTER',
        seriesCount: 1,
        cardinalityLimit: 2000,
        enabled: true,
      }),
      expect.objectContaining({ name: 'wait', kind: 'INSTRUMENT_KIND_HISTOGRAM', unit: 's' }),
    ]);
  });

  it('measures every call it answers as rpc.server.call.duration, by method and status', async () => {
    await h.call('MetricsService', 'ListInstruments', {});
    await h.call('MetricsService', 'Query', { instrument: 'no.such.instrument' });
    type Answer = {
      metrics: {
        points: {
          attributes: { key: string; value: { stringValue?: string } }[];
          histogram: { count: string };
        }[];
      }[];
    };
    const { response } = await h.call<Answer>('MetricsService', 'Query', {
      instrument: 'rpc.server.call.duration',
    });
    const points = response!.metrics.flatMap((m) => m.points);
    const count = (method: string, code: string) =>
      points
        .filter((p) => {
          const a = Object.fromEntries(p.attributes.map((kv) => [kv.key, kv.value.stringValue]));
          return (
            a['rpc.method'] === `meterline.metrics.v1.MetricsService/${method}` &&
            a['rpc.response.status_code'] === code &&
            a['rpc.system.name'] === 'grpc'
          );
        })
        .reduce((n, p) => n + Number(p.histogram.count), 0);
    expect(count('ListInstruments', 'OK')).toBeGreaterThanOrEqual(1);
    expect(count('Query', 'NOT_FOUND')).toBe(1);
  });

  it('answers NOT_FOUND for an instrument no collection has', async () => {
    const r = await h.call('MetricsService', 'Query', { instrument: 'nope' });
    expect(r.error?.code).toBe(status.NOT_FOUND);
  });

  it('refuses an empty instrument name and an empty Record', async () => {
    expect((await h.call('MetricsService', 'Query', {})).error?.details).toBe(
      'instrument: must not be empty',
    );
    expect((await h.call('MetricsService', 'Record', {})).error?.details).toBe(
      'measurements: must not be empty',
    );
  });

  it('records through the meter and answers it in the next query', async () => {
    await h.call('MetricsService', 'Record', {
      measurements: [{ instrument: 'ext.ops', kind: 'INSTRUMENT_KIND_UP_DOWN_COUNTER', value: -3 }],
    });
    const r = await h.call<{
      metrics: { scope: { name: string }; points: { number: number }[] }[];
    }>('MetricsService', 'Query', { instrument: 'ext.ops' });
    expect(r.response!.metrics[0]!.scope.name).toBe('@meterline/grpc/record');
    expect(r.response!.metrics[0]!.points[0]!.number).toBe(-3);
  });
});

describe('Watch limits', () => {
  it('raises a short interval to the minimum and refuses watches past maxWatches', async () => {
    const first = watch({ query: { instrument: 'jobs' }, intervalMs: 1, maxUpdates: 3 });
    const second = watch({ query: { instrument: 'jobs' }, intervalMs: 1 });
    const refused = await second.ended;
    expect(refused?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused?.details).toBe('too many open watches (limit 1); retry later');
    expect(await first.ended).toBeUndefined();
    expect(first.updates).toHaveLength(3);
    // Two gaps of at least the 200 ms minimum between the server's collections (timers fire no
    // earlier than asked; 1 ms of slack for clock rounding).
    expect(first.updates[1]! - first.updates[0]!).toBeGreaterThanOrEqual(199);
    expect(first.updates[2]! - first.updates[1]!).toBeGreaterThanOrEqual(199);
  });
});

describe('read rate limit', () => {
  it('gives each peer address a burst of reads, then RESOURCE_EXHAUSTED; Record is not charged', async () => {
    const limited = await startHarness({ readBurst: 2, readPerSecond: 0.001 });
    try {
      limited.provider.getMeter('unit').createCounter('c').add(1);
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (await limited.call('MetricsService', 'Query', { instrument: 'c' })).error?.code,
        );
      expect(codes).toEqual([undefined, undefined, status.RESOURCE_EXHAUSTED]);
      const refused = await limited.call('MetricsService', 'ListInstruments', {});
      expect(refused.error?.details).toBe(
        'rate limit: 127.0.0.1 may make 0.001 reads per second (bursts of 2); retry later',
      );
      const recorded = await limited.call('MetricsService', 'Record', {
        measurements: [{ instrument: 'c2', kind: 'INSTRUMENT_KIND_COUNTER', value: 1 }],
      });
      expect(recorded.error).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});
