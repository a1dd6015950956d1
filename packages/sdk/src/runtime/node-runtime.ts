import { ValueType, type MeterProvider } from '@opentelemetry/api';
import type { EventLoopUtilization } from 'node:perf_hooks';

const { constants, monitorEventLoopDelay, performance, PerformanceObserver } =
  process.getBuiltinModule('node:perf_hooks');
const { getHeapSpaceStatistics } = process.getBuiltinModule('node:v8');

/**
 * The scope the Node.js runtime instruments are reported under: `@opentelemetry/instrumentation-
 * runtime-node` 0.37's own, so views and `otel_scope_name` selecting it stay as they were.
 */
export const RUNTIME_NODE_SCOPE = {
  name: '@opentelemetry/instrumentation-runtime-node',
  version: '0.37.0',
};

/** `v8js.gc.duration` buckets (seconds), the instrumentation's advice. */
const GC_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** Options of {@link startNodeRuntimeMetrics}. */
export interface NodeRuntimeOptions {
  /** Sampling resolution of the event-loop delay monitor, in ms. @default 10 */
  readonly monitoringPrecision?: number;
}

/** Stops the monitor and the GC observer; the callbacks then observe nothing. Idempotent. */
export interface NodeRuntimeMetrics {
  stop(): void;
}

/**
 * `@opentelemetry/instrumentation-runtime-node` 0.37's six collectors, written out: the same
 * instruments (in the same order), descriptions, units, attributes, buckets and arithmetic, read
 * from the same Node APIs (`performance.eventLoopUtilization`, `monitorEventLoopDelay`, a `gc`
 * performance observer, `v8.getHeapSpaceStatistics`, `process.getActiveResourcesInfo`). The package
 * derives from `@opentelemetry/instrumentation`, whose module hooks (require-in-the-middle,
 * import-in-the-middle, debug) a metrics-only collector never uses; those were a third of the
 * modules a service loaded before its first scrape (`node bench/run.mjs --only cold-start`).
 *
 * As in the package, `nodejs.eventloop.delay.*` is observed only once the delay histogram holds 5
 * samples since the previous collection, and the histogram is reset at each collection that
 * observed it; `nodejs.eventloop.utilization` is the share since the previous collection.
 */
export function startNodeRuntimeMetrics(
  provider: MeterProvider,
  options: NodeRuntimeOptions = {},
): NodeRuntimeMetrics {
  const meter = provider.getMeter(RUNTIME_NODE_SCOPE.name, RUNTIME_NODE_SCOPE.version);
  let enabled = true;

  // Event-loop utilization: the share since the previous collection.
  let lastUtilization: EventLoopUtilization = performance.eventLoopUtilization();
  meter
    .createObservableGauge('nodejs.eventloop.utilization', {
      description: 'Event loop utilization',
      unit: '1',
    })
    .addCallback((result) => {
      if (!enabled) return;
      const current = performance.eventLoopUtilization();
      const delta = performance.eventLoopUtilization(current, lastUtilization);
      lastUtilization = current;
      result.observe(delta.utilization);
    });

  // Event-loop time: cumulative seconds active and idle.
  const loopTime = meter.createObservableCounter('nodejs.eventloop.time', {
    description: 'Cumulative duration of time the event loop has been in each state.',
    unit: 's',
  });
  meter.addBatchObservableCallback(
    (result) => {
      if (!enabled) return;
      const { active, idle } = performance.eventLoopUtilization();
      result.observe(loopTime, active / 1e3, { 'nodejs.eventloop.state': 'active' });
      result.observe(loopTime, idle / 1e3, { 'nodejs.eventloop.state': 'idle' });
    },
    [loopTime],
  );

  // Event-loop delay: statistics of the monitor's histogram, reset at each collection.
  const histogram = monitorEventLoopDelay({ resolution: options.monitoringPrecision ?? 10 });
  histogram.enable();
  const delay = (name: string, description: string) =>
    meter.createObservableGauge(`nodejs.eventloop.delay.${name}`, { description, unit: 's' });
  const delays = {
    min: delay('min', 'Event loop minimum delay.'),
    max: delay('max', 'Event loop maximum delay.'),
    mean: delay('mean', 'Event loop mean delay.'),
    stddev: delay('stddev', 'Event loop standard deviation delay.'),
    p50: delay('p50', 'Event loop 50 percentile delay.'),
    p90: delay('p90', 'Event loop 90 percentile delay.'),
    p99: delay('p99', 'Event loop 99 percentile delay.'),
  };
  const seconds = (nanos: number) => (isNaN(nanos / 1e9) ? 0 : nanos / 1e9);
  meter.addBatchObservableCallback((result) => {
    if (!enabled || histogram.count < 5) return;
    result.observe(delays.min, seconds(histogram.min));
    result.observe(delays.max, seconds(histogram.max));
    result.observe(delays.mean, seconds(histogram.mean));
    result.observe(delays.stddev, seconds(histogram.stddev));
    result.observe(delays.p50, seconds(histogram.percentile(50)));
    result.observe(delays.p90, seconds(histogram.percentile(90)));
    result.observe(delays.p99, seconds(histogram.percentile(99)));
    histogram.reset();
  }, Object.values(delays));

  // GC durations, every entry of each batch the observer delivers.
  const gcDuration = meter.createHistogram('v8js.gc.duration', {
    description: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: GC_DURATION_BUCKETS },
  });
  const gcObserver = new PerformanceObserver((list) => {
    if (!enabled) return;
    for (const entry of list.getEntries()) {
      // `detail.kind` (Node >= 16). Never `entry.kind`: reading it prints DEP0152 on the service's
      // stderr at its first garbage collection.
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      gcDuration.record(entry.duration / 1e3, { 'v8js.gc.type': GC_KINDS[kind ?? -1] });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  // Heap spaces.
  const spaceSize = meter.createObservableUpDownCounter('v8js.memory.heap.space.size', {
    description: 'Total heap memory size pre-allocated for a heap space.',
    unit: 'By',
  });
  const spaceUsed = meter.createObservableGauge('v8js.memory.heap.used', {
    description: 'Heap Memory size allocated.',
    unit: 'By',
  });
  const spaceAvailable = meter.createObservableGauge('v8js.memory.heap.space.available_size', {
    description: 'Heap space available size.',
    unit: 'By',
  });
  const spacePhysical = meter.createObservableGauge('v8js.memory.heap.space.physical_size', {
    description: 'Committed size of a heap space.',
    unit: 'By',
  });
  meter.addBatchObservableCallback(
    (result) => {
      if (!enabled) return;
      for (const space of getHeapSpaceStatistics()) {
        const attributes = { 'v8js.heap.space.name': space.space_name };
        result.observe(spaceSize, space.space_size, attributes);
        result.observe(spaceUsed, space.space_used_size, attributes);
        result.observe(spaceAvailable, space.space_available_size, attributes);
        result.observe(spacePhysical, space.physical_space_size, attributes);
      }
    },
    [spaceSize, spaceUsed, spaceAvailable, spacePhysical],
  );

  // Active resources by type; a type seen once is reported (as 0) from then on.
  const activeResources = meter.createObservableGauge('v8js.resource.active', {
    description: 'Count of the active resources that are currently keeping the event loop alive.',
    unit: '{resource}',
  });
  const knownTypes = new Set<string>();
  meter.addBatchObservableCallback(
    (result) => {
      if (!enabled) return;
      const counts = new Map<string, number>();
      for (const type of process.getActiveResourcesInfo()) {
        counts.set(type, (counts.get(type) ?? 0) + 1);
        knownTypes.add(type);
      }
      for (const type of knownTypes) {
        result.observe(activeResources, counts.get(type) ?? 0, { 'v8js.resource.type': type });
      }
    },
    [activeResources],
  );

  return {
    stop() {
      if (!enabled) return;
      enabled = false;
      histogram.disable();
      gcObserver.disconnect();
    },
  };
}
