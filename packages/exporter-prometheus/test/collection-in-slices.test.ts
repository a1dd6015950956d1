import type { Meter } from '@opentelemetry/api';
import { MeterProvider } from '@meterline/engine';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider as SdkMeterProvider,
  TimeoutError,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemoryMetricReader, recordingLogger } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PullMetricReader } from '../src/pull-reader.js';

// The pull reader on Meterline's engine collects in slices through the public MetricProducer
// contract (no SDK internals); on the SDK's provider (metrics.engine: sdk) it collects in one pass.

const providers: { shutdown(): Promise<void> }[] = [];
afterEach(async () => {
  while (providers.length) await providers.pop()!.shutdown();
});

const resource = resourceFromAttributes({ 'service.name': 'svc' });

function setup(options: { sliceMs?: number } = {}) {
  const logger = recordingLogger();
  const reader = new PullMetricReader({ sliceMs: options.sliceMs, logger });
  const provider = new MeterProvider({ resource, readers: [reader], selfMetrics: false });
  providers.push(provider);
  return { reader, provider, lines: logger.lines };
}

/** Every point of a collection as `scope/name{attributes} value`, sorted; no timestamps. */
function flatten(metrics: ResourceMetrics): string[] {
  const out: string[] = [];
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        out.push(
          `${scope.scope.name}/${metric.descriptor.name}${JSON.stringify(point.attributes)} ${JSON.stringify(point.value)}`,
        );
      }
    }
  }
  return out.sort();
}

/** Counts turns of the event loop (setImmediate callbacks) until stopped. */
function countTurns() {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return () => {
    running = false;
    return turns;
  };
}

describe('sliced collection', () => {
  it('collects in slices on the engine through its public producer, and says nothing', async () => {
    const { reader, provider, lines } = setup();
    provider.getMeter('m').createCounter('c').add(1);
    expect(reader.collectsInSlices).toBe(true);
    expect(lines).toEqual([]);
    const { resourceMetrics } = await reader.collectWithin(1000);
    expect(flatten(resourceMetrics)).toEqual(['m/c{} 1']);
  });

  it('collects what the SDK collects: same points of every kind, scope by scope', async () => {
    const { reader, provider } = setup({ sliceMs: 0 });
    // The same recordings through the SDK's provider, collected in its single pass.
    const stock = new InMemoryMetricReader();
    const sdk = new SdkMeterProvider({ resource, readers: [stock] });
    providers.push(sdk);
    const record = (meters: { a: Meter; b: Meter }) => {
      const { a, b } = meters;
      const counter = a.createCounter('requests');
      const histogram = a.createHistogram('latency', {
        unit: 's',
        advice: { explicitBucketBoundaries: [0.1, 1] },
      });
      const updown = b.createUpDownCounter('queue');
      b.createObservableGauge('temperature').addCallback((r) => {
        r.observe(21.5, { room: 'a' });
        r.observe(19, { room: 'b' });
      });
      for (let i = 0; i < 50; i++) {
        counter.add(i, { route: `/r/${i % 7}` });
        histogram.record(i / 20, { route: `/r/${i % 3}` });
        updown.add(i % 2 === 0 ? 2 : -1, { q: String(i % 4) });
      }
    };
    record({ a: provider.getMeter('a', '1.0'), b: provider.getMeter('b') });
    record({ a: sdk.getMeter('a', '1.0'), b: sdk.getMeter('b') });
    const ours = await reader.collectWithin(1000);
    const theirs = await stock.collect();
    expect(ours.errors).toEqual([]);
    expect(ours.resourceMetrics.resource).toBe(resource);
    const points = flatten(ours.resourceMetrics);
    expect(points).toHaveLength(7 + 3 + 4 + 2);
    expect(points).toEqual(flatten(theirs.resourceMetrics));
    expect(points).toContain('a/requests{"route":"/r/0"} 196');
    expect(ours.resourceMetrics.scopeMetrics.map((s) => s.scope)).toEqual([
      { name: 'a', version: '1.0', schemaUrl: undefined },
      { name: 'b', version: '', schemaUrl: undefined },
    ]);
  });

  it('gives the event loop turns between instruments, and none within a slice', async () => {
    const sliced = setup({ sliceMs: 0 });
    const whole = setup({ sliceMs: 60_000 });
    for (const { provider } of [sliced, whole]) {
      const meter = provider.getMeter('m');
      for (let i = 0; i < 5; i++) meter.createCounter(`c${i}`).add(1, { i });
    }
    let stop = countTurns();
    const slicedResult = await sliced.reader.collectWithin(1000);
    const slicedTurns = stop();
    stop = countTurns();
    const wholeResult = await whole.reader.collectWithin(1000);
    const wholeTurns = stop();
    expect(flatten(slicedResult.resourceMetrics)).toHaveLength(5);
    expect(flatten(wholeResult.resourceMetrics)).toHaveLength(5);
    expect(slicedTurns).toBeGreaterThanOrEqual(5);
    expect(wholeTurns).toBe(0);
  });

  it('takes meters and instruments created between its slices in the next collection', async () => {
    const { reader, provider } = setup({ sliceMs: 0 });
    const meter = provider.getMeter('m');
    for (let i = 0; i < 3; i++) meter.createCounter(`c${i}`).add(1);
    const created = new Promise<void>((resolve) =>
      setImmediate(() => {
        meter.createCounter('late').add(5);
        provider.getMeter('later').createCounter('other').add(7);
        resolve();
      }),
    );
    const first = await reader.collectWithin(1000);
    await created;
    const second = await reader.collectWithin(1000);
    expect(flatten(first.resourceMetrics).filter((p) => /^m\/c\d/.test(p))).toHaveLength(3);
    expect(flatten(second.resourceMetrics)).toEqual(
      expect.arrayContaining(['m/late{} 5', 'later/other{} 7', 'm/c0{} 1']),
    );
  });

  it('reports a throwing callback and a hanging one (as a TimeoutError) among the errors', async () => {
    const { reader, provider } = setup();
    const meter = provider.getMeter('m');
    meter.createObservableGauge('broken').addCallback(() => {
      throw new Error('disk unreadable');
    });
    meter.createObservableGauge('stuck').addCallback(() => new Promise<void>(() => {}));
    meter.createCounter('fine').add(3);
    const result = await reader.collectWithin(50);
    expect(result.errors.map((e) => (e as Error).message)).toContain('disk unreadable');
    expect(result.errors.some((e) => e instanceof TimeoutError)).toBe(true);
    expect(flatten(result.resourceMetrics)).toContain('m/fine{} 3');
  });

  it("collects in the SDK's one pass on the SDK's provider, and says so once", async () => {
    const logger = recordingLogger();
    const reader = new PullMetricReader({ logger });
    const sdk = new SdkMeterProvider({ resource, readers: [reader] });
    providers.push(sdk);
    sdk.getMeter('m').createCounter('c').add(2);
    expect(reader.collectsInSlices).toBe(false);
    expect(logger.lines).toEqual([
      "warn: metrics collection runs in one pass (the meter provider is not Meterline's engine, metrics.engine: sdk); " +
        'large scrapes will block the event loop for the whole collection',
    ]);
    const result = await reader.collectWithin(1000);
    expect(flatten(result.resourceMetrics)).toEqual(['m/c{} 2']);
    expect(logger.lines).toHaveLength(1);
  });

  it('refuses to collect after shutdown', async () => {
    const { reader, provider } = setup();
    await provider.shutdown();
    providers.pop();
    await expect(reader.collectWithin(1000)).rejects.toThrow('MetricReader is shutdown');
  });
});
