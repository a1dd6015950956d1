import { metrics } from '@opentelemetry/api';
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  DataPointType,
  MeterProvider,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { startRuntimeMetrics, type RuntimeMetrics } from '../../src/runtime/runtime-metrics.js';
import { PROM_CLIENT_GC_BUCKETS } from '../../src/runtime/prom-client-nodejs.js';
import { InMemoryReader } from '../helpers.js';
import { pollCollect } from './poll-collect.js';

const running: { provider: MeterProvider; runtime: RuntimeMetrics }[] = [];
afterEach(async () => {
  for (const { provider, runtime } of running.splice(0)) {
    runtime.stop();
    await provider.shutdown();
  }
});

function start(names: 'otel' | 'prom-client') {
  const reader = new InMemoryReader();
  const provider = new MeterProvider({ readers: [reader] });
  const runtime = startRuntimeMetrics(provider, { names });
  running.push({ provider, runtime });
  return { reader, provider, runtime };
}

/** Runs a full garbage collection, so the GC histograms have a `major` entry. */
function collectGarbage() {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function value(metric: MetricData | undefined, attributes: Record<string, string> = {}): number {
  if (!metric) throw new Error('metric missing');
  const point = metric.dataPoints.find(
    (p) => JSON.stringify(p.attributes) === JSON.stringify(attributes),
  );
  if (!point)
    throw new Error(`${metric.descriptor.name}: no point with ${JSON.stringify(attributes)}`);
  return point.value as number;
}

const PROM_CLIENT_NAMES = [
  'nodejs_active_resources',
  'nodejs_eventloop_lag_max_seconds',
  'nodejs_eventloop_lag_mean_seconds',
  'nodejs_eventloop_lag_min_seconds',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_stddev_seconds',
  'nodejs_external_memory_bytes',
  'nodejs_gc_duration_seconds',
  'nodejs_heap_size_total_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_space_size_available_bytes',
  'nodejs_heap_space_size_total_bytes',
  'nodejs_heap_space_size_used_bytes',
  'nodejs_version_info',
  'process_cpu_seconds',
  'process_cpu_system_seconds',
  'process_cpu_user_seconds',
  'process_heap_bytes',
  'process_max_fds',
  'process_open_fds',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'process_virtual_memory_bytes',
];

describe('runtime metrics under prom-client names', () => {
  it('reports exactly prom-client default metric names, once the event loop and GC have data', async () => {
    const { reader } = start('prom-client');
    collectGarbage();
    const all = await pollCollect(
      reader,
      (m) => m.has('nodejs_gc_duration_seconds') && m.has('nodejs_eventloop_lag_p99_seconds'),
    );
    expect([...all.keys()].sort()).toEqual(PROM_CLIENT_NAMES);
  });

  it('reports CPU time as monotonic counters whose total is user plus system', async () => {
    const { reader } = start('prom-client');
    const all = await pollCollect(reader, (m) => m.has('process_cpu_seconds'));
    const total = all.get('process_cpu_seconds')!;
    expect(total.dataPointType).toBe(DataPointType.SUM);
    expect(total.descriptor.unit).toBe('s');
    expect((total as { isMonotonic?: boolean }).isMonotonic).toBe(true);
    const user = value(all.get('process_cpu_user_seconds'));
    const system = value(all.get('process_cpu_system_seconds'));
    expect(value(total)).toBeCloseTo(user + system, 9);
    expect(user).toBeGreaterThan(0);
  });

  it('reads memory, file descriptors and start time from the process', async () => {
    const { reader } = start('prom-client');
    const before = readdirSync('/proc/self/fd').length - 1;
    const all = await pollCollect(reader, (m) => m.has('process_open_fds'));
    const after = readdirSync('/proc/self/fd').length - 1;
    const open = value(all.get('process_open_fds'));
    expect(open).toBeGreaterThanOrEqual(Math.min(before, after));
    expect(open).toBeLessThanOrEqual(Math.max(before, after));
    expect(value(all.get('process_max_fds'))).toBeGreaterThanOrEqual(open);
    expect(value(all.get('process_start_time_seconds'))).toBe(
      Math.round(performance.timeOrigin) / 1000,
    );
    const rss = value(all.get('process_resident_memory_bytes'));
    expect(rss).toBeGreaterThan(10_000_000);
    expect(value(all.get('process_virtual_memory_bytes'))).toBeGreaterThan(rss);
    expect(value(all.get('nodejs_heap_size_used_bytes'))).toBeLessThanOrEqual(
      value(all.get('nodejs_heap_size_total_bytes')),
    );
  });

  it('labels the version, heap spaces and GC kinds the way prom-client does', async () => {
    const { reader } = start('prom-client');
    collectGarbage();
    const all = await pollCollect(reader, (m) => m.has('nodejs_gc_duration_seconds'));
    const [major, minor, patch] = process.versions.node.split('.');
    expect(
      value(all.get('nodejs_version_info'), {
        version: process.version,
        major: major!,
        minor: minor!,
        patch: patch!,
      }),
    ).toBe(1);
    const spaces = all
      .get('nodejs_heap_space_size_used_bytes')!
      .dataPoints.map((p) => p.attributes.space);
    expect(spaces).toContain('old');
    expect(spaces).toContain('new');
    const gc = all.get('nodejs_gc_duration_seconds')!;
    expect(gc.descriptor.unit).toBe('s');
    const majorGc = gc.dataPoints.find(
      (p) => p.attributes.kind === 'major',
    ) as DataPoint<Histogram>;
    expect(majorGc.value.buckets.boundaries).toEqual(PROM_CLIENT_GC_BUCKETS);
    expect(majorGc.value.count).toBeGreaterThanOrEqual(1);
  });

  it('observes nothing new once stopped', async () => {
    const { reader, runtime } = start('prom-client');
    collectGarbage();
    const ready = (m: ReadonlyMap<string, MetricData>) =>
      m.has('nodejs_gc_duration_seconds') && m.has('process_cpu_seconds');
    const before = await pollCollect(reader, ready);
    runtime.stop();
    runtime.stop();
    collectGarbage();
    burnCpu(5_000);
    const after = await pollCollect(reader, ready);
    expect(value(after.get('process_cpu_seconds'))).toBe(value(before.get('process_cpu_seconds')));
    expect(gcCount(after)).toBe(gcCount(before));
  });
});

/** Spins until the process used `micros` more CPU time (bounded to 2 s of wall time). */
function burnCpu(micros: number) {
  const start = process.cpuUsage();
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline) {
    const used = process.cpuUsage(start);
    if (used.user + used.system >= micros) return;
  }
}

function gcCount(all: ReadonlyMap<string, MetricData>): number {
  return all
    .get('nodejs_gc_duration_seconds')!
    .dataPoints.reduce((n, p) => n + (p as DataPoint<Histogram>).value.count, 0);
}

describe('runtime metrics under OpenTelemetry names', () => {
  it('combines host-metrics, the runtime instrumentation and the filled-in gaps', async () => {
    const { reader } = start('otel');
    collectGarbage();
    const all = await pollCollect(
      reader,
      (m) => m.has('v8js.gc.duration') && m.has('nodejs.eventloop.delay.p99'),
    );
    expect([...all.keys()].sort()).toEqual([
      'nodejs.eventloop.delay.max',
      'nodejs.eventloop.delay.mean',
      'nodejs.eventloop.delay.min',
      'nodejs.eventloop.delay.p50',
      'nodejs.eventloop.delay.p90',
      'nodejs.eventloop.delay.p99',
      'nodejs.eventloop.delay.stddev',
      'nodejs.eventloop.time',
      'nodejs.eventloop.utilization',
      'process.cpu.time',
      'process.cpu.utilization',
      'process.max_fds',
      'process.memory.usage',
      'process.open_fds',
      'process.start_time',
      'v8js.gc.duration',
      'v8js.memory.heap.space.available_size',
      'v8js.memory.heap.space.physical_size',
      'v8js.memory.heap.space.size',
      'v8js.memory.heap.used',
      'v8js.resource.active',
    ]);
  });

  it('counts every GC of a batch in v8js.gc.duration', async () => {
    // Five full collections in one tick reach the PerformanceObserver as one batch: runtime-node
    // 0.36.0 recorded only its first entry (a count of 1 here), 0.36.1 and later every entry.
    const { reader } = start('otel');
    for (let i = 0; i < 5; i++) collectGarbage();
    const majorCount = (m: ReadonlyMap<string, MetricData>) =>
      (
        m
          .get('v8js.gc.duration')
          ?.dataPoints.find((p) => p.attributes['v8js.gc.type'] === 'major') as
          DataPoint<Histogram> | undefined
      )?.value.count ?? 0;
    const all = await pollCollect(reader, (m) => majorCount(m) >= 5, 5_000);
    expect(majorCount(all)).toBeGreaterThanOrEqual(5);
  });

  it('reports CPU by state, resident memory, open fds and the start time', async () => {
    const { reader } = start('otel');
    const all = await pollCollect(reader, (m) => m.has('process.cpu.utilization'));
    const utilization = all.get('process.cpu.utilization')!;
    expect(utilization.dataPoints.map((p) => p.attributes['process.cpu.state']).sort()).toEqual([
      'system',
      'user',
    ]);
    for (const point of utilization.dataPoints) {
      expect(point.value).toBeGreaterThanOrEqual(0);
      expect(point.value).toBeLessThanOrEqual(1);
    }
    expect(value(all.get('process.memory.usage'))).toBeGreaterThan(10_000_000);
    expect(value(all.get('process.open_fds'))).toBeGreaterThan(2);
    expect(value(all.get('process.start_time'))).toBe(Math.round(performance.timeOrigin) / 1000);
    expect(all.get('process.start_time')!.descriptor.unit).toBe('s');
  });

  it('registers nothing on the global provider', async () => {
    const globalReader = new InMemoryReader();
    const globalProvider = new MeterProvider({ readers: [globalReader] });
    expect(metrics.setGlobalMeterProvider(globalProvider)).toBe(true);
    try {
      const { reader } = start('otel');
      collectGarbage();
      await pollCollect(reader, (m) => m.has('v8js.gc.duration'));
      const { resourceMetrics } = await globalReader.collect();
      expect(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)).toEqual([]);
    } finally {
      metrics.disable();
      await globalProvider.shutdown();
    }
  });

  it('binds to the given provider only, so providers can run side by side', async () => {
    const first = start('otel');
    const second = start('otel');
    collectGarbage();
    for (const { reader } of [first, second]) {
      const all = await pollCollect(reader, (m) => m.has('v8js.gc.duration'));
      expect(all.get('process.memory.usage')!.dataPoints).toHaveLength(1);
    }
  });
});
