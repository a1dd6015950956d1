import { describe, expect, it } from 'vitest';
import { createTestMetrics } from '@meterline/testing';
import {
  AttributeCache,
  counter,
  gauge,
  GO_DEFAULT_BUCKETS,
  histogram,
  LATENCY_1MS_10S_BUCKETS,
  readSafely,
  timed,
  TimedOperations,
} from '../src/index.js';

describe('bucket presets', () => {
  it('are the 1 ms … 10 s list and Go’s DefBuckets, frozen', () => {
    expect(LATENCY_1MS_10S_BUCKETS).toEqual([
      0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
    expect(GO_DEFAULT_BUCKETS).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    expect(Object.isFrozen(LATENCY_1MS_10S_BUCKETS)).toBe(true);
    expect(Object.isFrozen(GO_DEFAULT_BUCKETS)).toBe(true);
  });
});

describe('instrument declarations', () => {
  it('refuses a counter declared with _total, naming it', () => {
    const metrics = createTestMetrics();
    expect(() => counter(metrics.meter('t'), { name: 'jobs_total', description: 'd' })).toThrow(
      'counter jobs_total: declare it without _total (the exporter appends it)',
    );
  });

  it('gives a histogram its buckets as advice and its unit', async () => {
    const metrics = createTestMetrics({ unitBuckets: false });
    const h = histogram(metrics.meter('t'), {
      name: 'op_duration_seconds',
      description: 'd',
      unit: 's',
      buckets: GO_DEFAULT_BUCKETS,
    });
    h.record(0.2);
    const snapshot = await metrics.collect();
    expect(snapshot.histogram('op_duration_seconds').boundaries).toEqual(GO_DEFAULT_BUCKETS);
    expect(snapshot.metric('op_duration_seconds').descriptor.unit).toBe('s');
    await metrics.shutdown();
  });

  it('reads a gauge at each collection', async () => {
    const metrics = createTestMetrics();
    let value = 1;
    gauge(metrics.meter('t'), { name: 'queue_size', description: 'd' }, () => value);
    expect((await metrics.collect()).gauge('queue_size')).toBe(1);
    value = 5;
    expect((await metrics.collect()).gauge('queue_size')).toBe(5);
    await metrics.shutdown();
  });
});

describe('TimedOperations', () => {
  it('counts by operation and status, times by operation, and rethrows', async () => {
    const metrics = createTestMetrics();
    const ops = new TimedOperations<'get' | 'put', 'success' | 'not_found' | 'error'>(
      metrics.meter('t'),
      {
        count: { name: 'store_operations', description: 'd' },
        duration: {
          name: 'store_operation_duration_seconds',
          description: 'd',
          buckets: LATENCY_1MS_10S_BUCKETS,
        },
      },
    );
    await ops.time(
      'get',
      () => 'v',
      (v) => (v ? 'success' : 'not_found'),
      'error',
    );
    await ops.time(
      'get',
      () => '',
      (v) => (v ? 'success' : 'not_found'),
      'error',
    );
    await expect(
      ops.time(
        'put',
        () => Promise.reject(new Error('disk full')),
        () => 'success',
        'error',
      ),
    ).rejects.toThrow('disk full');
    ops.record('put', 'success', 0.5);

    const snapshot = await metrics.collect();
    expect(snapshot.counter('store_operations', { operation: 'get', status: 'success' })).toBe(1);
    expect(snapshot.counter('store_operations', { operation: 'get', status: 'not_found' })).toBe(1);
    expect(snapshot.counter('store_operations', { operation: 'put', status: 'error' })).toBe(1);
    expect(snapshot.counter('store_operations', { operation: 'put', status: 'success' })).toBe(1);
    const put = snapshot.histogram('store_operation_duration_seconds', { operation: 'put' });
    expect(put.count).toBe(2);
    expect(put.boundaries).toEqual(LATENCY_1MS_10S_BUCKETS);
    expect(snapshot.metric('store_operation_duration_seconds').descriptor.unit).toBe('s');
    await metrics.shutdown();
  });
});

describe('helpers', () => {
  it('timed reports the outcome in finally and passes results and throws through', async () => {
    const seen: unknown[] = [];
    await expect(
      timed(
        () => 7,
        (s, o) => seen.push(s >= 0, o),
      ),
    ).resolves.toBe(7);
    await expect(
      timed(
        () => {
          throw new Error('boom');
        },
        (_s, o) => seen.push(o),
      ),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([true, { ok: true, result: 7 }, { ok: false }]);
  });

  it('readSafely turns a throwing source into no value', () => {
    expect(readSafely('t', () => 3)).toBe(3);
    expect(
      readSafely('t', () => {
        throw new Error('gone');
      }),
    ).toBeUndefined();
  });

  it('AttributeCache hands out one frozen object per label set', () => {
    const cache = new AttributeCache();
    const a = cache.get({ operation: 'get', status: 'success' });
    expect(cache.get({ operation: 'get', status: 'success' })).toBe(a);
    expect(cache.get({ operation: 'get', status: 'error' })).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
