import type { BatchObservableResult, MeterProvider } from '@opentelemetry/api';
import { RUNTIME_METER_NAME, type RuntimeCollector } from './otel-runtime.js';

const { constants, monitorEventLoopDelay, PerformanceObserver } =
  process.getBuiltinModule('node:perf_hooks');
const { getHeapSpaceStatistics } = process.getBuiltinModule('node:v8');

/** prom-client's GC duration buckets, in seconds. */
export const PROM_CLIENT_GC_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5];

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

const LAG_STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;
const LAG_HELP: Record<(typeof LAG_STATS)[number], string> = {
  min: 'The minimum recorded event loop delay.',
  max: 'The maximum recorded event loop delay.',
  mean: 'The mean of the recorded event loop delays.',
  stddev: 'The standard deviation of the recorded event loop delays.',
  p50: 'The 50th percentile of the recorded event loop delays.',
  p90: 'The 90th percentile of the recorded event loop delays.',
  p99: 'The 99th percentile of the recorded event loop delays.',
};

/**
 * prom-client's `nodejs_*` default metrics under their names: event-loop lag (`nodejs_eventloop_lag_seconds`
 * and its min/max/mean/stddev/p50/p90/p99 from `monitorEventLoopDelay`, reset at each collection),
 * heap (`nodejs_heap_size_total_bytes`, `nodejs_heap_size_used_bytes`,
 * `nodejs_external_memory_bytes`, `nodejs_heap_space_size_{total,used,available}_bytes{space}`),
 * `nodejs_gc_duration_seconds{kind}` with prom-client's buckets, `nodejs_version_info` and
 * `nodejs_active_resources{type}`.
 *
 * Left out on purpose: `nodejs_active_handles_total`, `nodejs_active_requests_total` and
 * `nodejs_active_resources_total` are gauges named `_total`, which `promtool check metrics`
 * rejects; `nodejs_active_handles{type}` and `nodejs_active_requests{type}` read private Node APIs.
 * `sum(nodejs_active_resources)` gives the total.
 *
 * Unlike prom-client, `nodejs_eventloop_lag_seconds` is measured during the collection that reports
 * it (prom-client reports the previous scrape's measurement), and every GC entry of a batch is
 * recorded (prom-client and the OTel runtime instrumentation record only the first).
 */
export function startPromClientNodejsMetrics(provider: MeterProvider): RuntimeCollector {
  const meter = provider.getMeter(RUNTIME_METER_NAME);
  const lag = meter.createObservableGauge('nodejs_eventloop_lag_seconds', {
    description: 'Lag of event loop in seconds.',
    unit: 's',
  });
  const lagStats = LAG_STATS.map((stat) =>
    meter.createObservableGauge(`nodejs_eventloop_lag_${stat}_seconds`, {
      description: LAG_HELP[stat],
      unit: 's',
    }),
  );
  const heapTotal = meter.createObservableGauge('nodejs_heap_size_total_bytes', {
    description: 'Process heap size from Node.js in bytes.',
    unit: 'By',
  });
  const heapUsed = meter.createObservableGauge('nodejs_heap_size_used_bytes', {
    description: 'Process heap size used from Node.js in bytes.',
    unit: 'By',
  });
  const external = meter.createObservableGauge('nodejs_external_memory_bytes', {
    description: 'Node.js external memory size in bytes.',
    unit: 'By',
  });
  const spaces = (['total', 'used', 'available'] as const).map((kind) =>
    meter.createObservableGauge(`nodejs_heap_space_size_${kind}_bytes`, {
      description: `Process heap space size ${kind} from Node.js in bytes.`,
      unit: 'By',
    }),
  );
  const version = meter.createObservableGauge('nodejs_version_info', {
    description: 'Node.js version info.',
  });
  const resources = meter.createObservableGauge('nodejs_active_resources', {
    description:
      'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
  });
  const gc = meter.createHistogram('nodejs_gc_duration_seconds', {
    description: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    unit: 's',
    advice: { explicitBucketBoundaries: PROM_CLIENT_GC_BUCKETS },
  });

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const [major, minor, patch] = process.versions.node.split('.');
  const versionAttributes = { version: process.version, major, minor, patch };
  const gcAttributes = new Map<string, { kind: string }>();

  const callback = async (result: BatchObservableResult) => {
    // The delay until a macrotask runs, measured now: what a request arriving now would wait.
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => setImmediate(resolve));
    result.observe(lag, Number(process.hrtime.bigint() - start) / 1e9);
    if (delay.count > 0) {
      const values = [
        delay.min,
        delay.max,
        delay.mean,
        delay.stddev,
        delay.percentile(50),
        delay.percentile(90),
        delay.percentile(99),
      ];
      values.forEach((nanos, i) => result.observe(lagStats[i]!, nanos / 1e9));
      delay.reset();
    }
    const memory = process.memoryUsage();
    result.observe(heapTotal, memory.heapTotal);
    result.observe(heapUsed, memory.heapUsed);
    result.observe(external, memory.external);
    for (const space of getHeapSpaceStatistics()) {
      const attributes = { space: space.space_name.replace(/_space$/, '') };
      result.observe(spaces[0]!, space.space_size, attributes);
      result.observe(spaces[1]!, space.space_used_size, attributes);
      result.observe(spaces[2]!, space.space_available_size, attributes);
    }
    result.observe(version, 1, versionAttributes);
    const byType = new Map<string, number>();
    for (const type of process.getActiveResourcesInfo()) {
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    for (const [type, count] of byType) result.observe(resources, count, { type });
  };
  const observables = [
    lag,
    ...lagStats,
    heapTotal,
    heapUsed,
    external,
    ...spaces,
    version,
    resources,
  ];
  meter.addBatchObservableCallback(callback, observables);

  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // Node >= 16 puts the GC kind in `detail` (the top-level `kind` is deprecated).
      const detail = (entry as { detail?: { kind?: number } }).detail;
      const kind = GC_KINDS[detail?.kind ?? -1] ?? 'unknown';
      let attributes = gcAttributes.get(kind);
      if (!attributes) gcAttributes.set(kind, (attributes = { kind }));
      gc.record(entry.duration / 1000, attributes);
    }
  });
  observer.observe({ entryTypes: ['gc'] });

  return {
    stop() {
      observer.disconnect();
      delay.disable();
      meter.removeBatchObservableCallback(callback, observables);
    },
  };
}
