import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry, silentLogger, type TelemetryHandle } from '@meterline/sdk';
import { createTestMetrics, memoryExporter, type TestMetrics } from '../src/index.js';

let metrics: TestMetrics;
afterEach(async () => {
  await metrics?.shutdown();
});

describe('createTestMetrics', () => {
  it('reads a counter by name and exact attribute set', async () => {
    metrics = createTestMetrics();
    const placed = metrics.meter('orders').createCounter('orders_placed');
    for (let i = 0; i < 3; i++) placed.add(1, { region: 'eu' });
    placed.add(5, { region: 'us' });
    placed.add(2);

    const snapshot = await metrics.collect();
    expect(snapshot.counter('orders_placed', { region: 'eu' })).toBe(3);
    expect(snapshot.counter('orders_placed', { region: 'us' })).toBe(5);
    expect(snapshot.counter('orders_placed')).toBe(2);
    expect(snapshot.points('orders_placed', { region: 'eu' })).toHaveLength(1);
    expect(snapshot.points('orders_placed')).toHaveLength(3);
  });

  it('reads count, sum, min, max and cumulative buckets of a histogram in seconds', async () => {
    metrics = createTestMetrics();
    const latency = metrics.meter('orders').createHistogram('order_latency_seconds', { unit: 's' });
    for (const seconds of [0.002, 0.02, 0.02, 3]) latency.record(seconds, { region: 'eu' });

    const h = (await metrics.collect()).histogram('order_latency_seconds', { region: 'eu' });
    expect(h.count).toBe(4);
    expect(h.sum).toBeCloseTo(3.042, 10);
    expect(h.min).toBe(0.002);
    expect(h.max).toBe(3);
    // Meterline's `s` preset: 1 ms … 10 s, as in production.
    expect(h.boundaries).toEqual([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    expect(h.counts).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(h.buckets.find((b) => b.le === 0.025)?.count).toBe(3);
    expect(h.buckets.at(-1)).toEqual({ le: Infinity, count: 4 });
  });

  it('keeps the SDK default buckets when unit buckets are turned off', async () => {
    metrics = createTestMetrics({ unitBuckets: false });
    metrics.meter('m').createHistogram('wait_seconds', { unit: 's' }).record(1);
    const h = (await metrics.collect()).histogram('wait_seconds');
    expect(h.boundaries[1]).toBe(5);
  });

  it('reads gauges, observable gauges and up-down counters', async () => {
    metrics = createTestMetrics();
    const meter = metrics.meter('queue');
    meter.createGauge('queue_depth').record(7, { queue: 'a' });
    meter.createObservableGauge('workers').addCallback((r) => r.observe(4));
    const inflight = meter.createUpDownCounter('inflight');
    inflight.add(5);
    inflight.add(-2);

    const snapshot = await metrics.collect();
    expect(snapshot.gauge('queue_depth', { queue: 'a' })).toBe(7);
    expect(snapshot.gauge('workers')).toBe(4);
    expect(snapshot.counter('inflight')).toBe(3);
  });

  it('reports only what is new since the last collection with delta temporality', async () => {
    metrics = createTestMetrics({ temporality: 'delta' });
    const c = metrics.meter('m').createCounter('jobs');
    c.add(2);
    expect((await metrics.collect()).counter('jobs')).toBe(2);
    c.add(3);
    expect((await metrics.collect()).counter('jobs')).toBe(3);
  });

  it('keeps cumulative totals across collections by default', async () => {
    metrics = createTestMetrics();
    const c = metrics.meter('m').createCounter('jobs');
    c.add(2);
    await metrics.collect();
    c.add(3);
    expect((await metrics.collect()).counter('jobs')).toBe(5);
  });

  it('filters by scope when two meters use the same name', async () => {
    metrics = createTestMetrics();
    metrics.meter('a').createCounter('hits').add(1);
    metrics.meter('b').createCounter('hits').add(9);
    const snapshot = await metrics.collect();
    expect(snapshot.counter('hits', {}, { scope: 'b' })).toBe(9);
    expect(snapshot.counter('hits', {}, { scope: 'a' })).toBe(1);
  });

  it('says what there is when a metric or a point is missing, or of another kind', async () => {
    metrics = createTestMetrics();
    metrics.meter('m').createCounter('orders_placed').add(1, { region: 'eu' });
    const snapshot = await metrics.collect();
    expect(() => snapshot.counter('orders')).toThrow(
      'no metric "orders" was collected; there are: orders_placed',
    );
    expect(() => snapshot.counter('orders_placed', { region: 'us' })).toThrow(
      'metric "orders_placed" has no point with attributes {"region":"us"}; it has: {"region":"eu"}',
    );
    expect(() => snapshot.histogram('orders_placed', { region: 'eu' })).toThrow(
      'metric "orders_placed" is not an explicit-bucket histogram: its points are SUM',
    );
    expect(snapshot.find('orders')).toBeUndefined();
    expect(snapshot.names()).toEqual(['orders_placed']);
  });

  it('rejects a collection whose observable callback throws, naming the error', async () => {
    metrics = createTestMetrics();
    metrics
      .meter('m')
      .createObservableGauge('broken')
      .addCallback(() => {
        throw new Error('sensor offline');
      });
    await expect(metrics.collect()).rejects.toThrow(/1 error\(s\): Error: sensor offline/);
  });
});

describe('memoryExporter', () => {
  let telemetry: TelemetryHandle | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
  });

  it('collects through the real startTelemetry wiring, views included', async () => {
    const memory = memoryExporter();
    telemetry = await startTelemetry({
      plugins: [memory],
      registerGlobal: false,
      logger: silentLogger,
      env: {},
      config: {
        metrics: {
          exporters: ['memory'],
          views: [{ instrument: 'job_wait_seconds', preset: 'wait' }],
        },
        resource: { detect: false },
      },
    });
    const meter = telemetry.meterProvider.getMeter('jobs');
    meter.createCounter('jobs_done').add(4, { queue: 'q1' });
    meter.createHistogram('job_wait_seconds', { unit: 's' }).record(42);

    const snapshot = await memory.collect();
    expect(snapshot.counter('jobs_done', { queue: 'q1' })).toBe(4);
    expect(snapshot.histogram('job_wait_seconds').boundaries).toEqual([
      0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600,
    ]);
  });

  it('reads a summary view back: count, sum and quantiles', async () => {
    const memory = memoryExporter();
    telemetry = await startTelemetry({
      plugins: [memory],
      registerGlobal: false,
      logger: silentLogger,
      env: {},
      config: {
        metrics: {
          exporters: ['memory'],
          views: [
            {
              instrument: 'job_wait_seconds',
              aggregation: { type: 'summary', objectives: { '0.5': 0.05, '0.99': 0.001 } },
            },
          ],
        },
        resource: { detect: false },
      },
    });
    const wait = telemetry.meterProvider.getMeter('jobs').createHistogram('job_wait_seconds');
    for (let i = 1; i <= 100; i++) wait.record(i, { queue: 'q1' });
    const snapshot = await memory.collect();
    expect(snapshot.summary('job_wait_seconds', { queue: 'q1' })).toEqual({
      count: 100,
      sum: 5050,
      quantiles: [
        { quantile: 0.5, value: 50 },
        { quantile: 0.99, value: 99 },
      ],
    });
    expect(() => snapshot.histogram('job_wait_seconds', { queue: 'q1' })).toThrow(
      'metric "job_wait_seconds" is not an explicit-bucket histogram: its points are a summary',
    );
  });

  it('refuses to collect before it was started', async () => {
    await expect(memoryExporter().collect()).rejects.toThrow(
      'the memory plug-in has not been started: pass it to startTelemetry first',
    );
  });
});
