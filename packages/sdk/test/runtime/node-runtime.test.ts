import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  DataPointType,
  MeterProvider,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { startNodeRuntimeMetrics } from '../../src/runtime/node-runtime.js';
import { InMemoryReader } from '../helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function provider(): { provider: MeterProvider; reader: InMemoryReader } {
  const reader = new InMemoryReader();
  const created = new MeterProvider({ readers: [reader] });
  cleanups.push(() => created.shutdown());
  return { provider: created, reader };
}

/** The package itself, bound to its own provider: the oracle. */
function theirs() {
  const made = provider();
  const instrumentation = new RuntimeNodeInstrumentation({ monitoringPrecision: 10 });
  instrumentation.setMeterProvider(made.provider);
  cleanups.push(() => instrumentation.disable());
  return made;
}

function ours() {
  const made = provider();
  const runtime = startNodeRuntimeMetrics(made.provider, { monitoringPrecision: 10 });
  cleanups.push(() => runtime.stop());
  return { ...made, runtime };
}

function collectGarbage() {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Collects until every instrument has points (a GC ran, the delay monitor has 5 samples). */
async function scopeWhenReady(reader: InMemoryReader): Promise<ScopeMetrics> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const scope = resourceMetrics.scopeMetrics[0];
    if (scope && scope.metrics.length === 15 && scope.metrics.every((m) => m.dataPoints.length))
      return scope;
    if (Date.now() > deadline) throw new Error('runtime metrics not ready after 10 s');
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}

function shape(scope: ScopeMetrics) {
  return scope.metrics.map((m: MetricData) => ({
    descriptor: m.descriptor,
    dataPointType: m.dataPointType,
    isMonotonic: (m as { isMonotonic?: boolean }).isMonotonic,
    attributeKeys: [...new Set(m.dataPoints.flatMap((p) => Object.keys(p.attributes)))].sort(),
  }));
}

// The oracle is @opentelemetry/instrumentation-runtime-node 0.37 itself, which Meterline used to
// start: scope, instruments (in order), descriptors, attributes and buckets must be its own.
describe('Node.js runtime metrics (instrumentation-runtime-node written out)', () => {
  it('reports the scope and instruments the instrumentation reports', async () => {
    const [expected, actual] = [theirs(), ours()];
    collectGarbage();
    const [want, got] = [
      await scopeWhenReady(expected.reader),
      await scopeWhenReady(actual.reader),
    ];
    expect(got.scope).toEqual(want.scope);
    expect(shape(got)).toEqual(shape(want));
  });

  it('reports the same heap spaces, resource types and GC buckets', async () => {
    const [expected, actual] = [theirs(), ours()];
    collectGarbage();
    const [want, got] = [
      await scopeWhenReady(expected.reader),
      await scopeWhenReady(actual.reader),
    ];
    const labels = (scope: ScopeMetrics, name: string, key: string) =>
      scope.metrics
        .find((m) => m.descriptor.name === name)!
        .dataPoints.map((p) => p.attributes[key])
        .sort();
    expect(labels(got, 'v8js.memory.heap.used', 'v8js.heap.space.name')).toEqual(
      labels(want, 'v8js.memory.heap.used', 'v8js.heap.space.name'),
    );
    // Resource types come and go (a timer of the wait loop): compare with the process right now.
    const types = new Set(process.getActiveResourcesInfo());
    const { resourceMetrics } = await actual.reader.collect();
    expect(
      labels(resourceMetrics.scopeMetrics[0]!, 'v8js.resource.active', 'v8js.resource.type'),
    ).toEqual(expect.arrayContaining([...types]));
    const gc = (scope: ScopeMetrics) =>
      scope.metrics.find((m) => m.descriptor.name === 'v8js.gc.duration')!;
    expect(gc(got).dataPointType).toBe(DataPointType.HISTOGRAM);
    const boundaries = (m: MetricData) =>
      (m.dataPoints[0] as DataPoint<Histogram>).value.buckets.boundaries;
    expect(boundaries(gc(got))).toEqual(boundaries(gc(want)));
  });

  it('reports event-loop time and utilization consistent with perf_hooks', async () => {
    const actual = ours();
    const before = performance.eventLoopUtilization();
    const scope = await scopeWhenReady(actual.reader);
    const after = performance.eventLoopUtilization();
    const time = scope.metrics.find((m) => m.descriptor.name === 'nodejs.eventloop.time')!;
    const active = time.dataPoints.find(
      (p) => p.attributes['nodejs.eventloop.state'] === 'active',
    )!;
    expect(active.value).toBeGreaterThanOrEqual(before.active / 1e3);
    expect(active.value).toBeLessThanOrEqual(after.active / 1e3);
    const utilization = scope.metrics.find(
      (m) => m.descriptor.name === 'nodejs.eventloop.utilization',
    )!;
    expect(utilization.dataPoints[0]!.value).toBeGreaterThanOrEqual(0);
    expect(utilization.dataPoints[0]!.value).toBeLessThanOrEqual(1);
    const p99 = scope.metrics.find((m) => m.descriptor.name === 'nodejs.eventloop.delay.p99')!;
    expect(p99.dataPoints[0]!.value).toBeGreaterThan(0);
  });

  it('records no GC once stopped', async () => {
    const actual = ours();
    collectGarbage();
    await scopeWhenReady(actual.reader);
    actual.runtime.stop();
    actual.runtime.stop();
    const count = async () => {
      const { resourceMetrics } = await actual.reader.collect();
      const gc = resourceMetrics.scopeMetrics[0]!.metrics.find(
        (m) => m.descriptor.name === 'v8js.gc.duration',
      )!;
      return gc.dataPoints.reduce((n, p) => n + (p as DataPoint<Histogram>).value.count, 0);
    };
    const before = await count();
    // A GC entry reaches observers on a later tick: wait until an observer of the test's own has
    // seen these collections, then the stopped one must have recorded none of them.
    let seen = 0;
    const witness = new PerformanceObserver((list) => (seen += list.getEntries().length));
    witness.observe({ entryTypes: ['gc'] });
    cleanups.push(() => witness.disconnect());
    const deadline = Date.now() + 5000;
    while (seen < 3 && Date.now() < deadline) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toBeGreaterThanOrEqual(3);
    expect(await count()).toBe(before);
  });
});
