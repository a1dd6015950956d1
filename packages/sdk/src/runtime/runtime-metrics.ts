import type { MeterProvider } from '@opentelemetry/api';
import { startOtelRuntimeMetrics, type RuntimeCollector } from './otel-runtime.js';
import { startPromClientNodejsMetrics } from './prom-client-nodejs.js';
import { startPromClientProcessMetrics } from './prom-client-process.js';

/** Which names the process and runtime metrics are reported under. */
export type RuntimeMetricNames = 'otel' | 'prom-client';

/** Every naming scheme, for validation messages. */
export const RUNTIME_METRIC_NAMES: readonly RuntimeMetricNames[] = ['otel', 'prom-client'];

/** Options of {@link startRuntimeMetrics}. */
export interface RuntimeMetricsOptions {
  /**
   * `otel`: OpenTelemetry semantic-convention names from `@opentelemetry/host-metrics` and
   * `@opentelemetry/instrumentation-runtime-node` (`process.cpu.time`, `process.memory.usage`,
   * `v8js.gc.duration`, …) plus `process.open_fds`, `process.max_fds` and `process.start_time`. `prom-client`: prom-client's default metric names and meanings
   * (`process_cpu_seconds_total`, `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`,
   * `nodejs_gc_duration_seconds`, …), so existing Node.js dashboards keep working.
   * @default 'otel'
   */
  readonly names?: RuntimeMetricNames;
}

/** Running process and runtime metrics. */
export interface RuntimeMetrics {
  /** The naming scheme in force. */
  readonly names: RuntimeMetricNames;
  /** Stops observers and timers and removes the callbacks. Idempotent; never throws. */
  stop(): void;
}

/**
 * Starts process metrics (CPU, resident memory, open and maximum file descriptors, start time) and
 * Node.js runtime metrics (event-loop delay, heap, GC) on `provider`. Called by `startTelemetry`
 * for every service unless `metrics.runtime.enabled` is false.
 *
 * Collection work happens only when a reader collects; between collections the cost is one event
 * loop delay monitor and one GC observer.
 */
export function startRuntimeMetrics(
  provider: MeterProvider,
  options: RuntimeMetricsOptions = {},
): RuntimeMetrics {
  const names = options.names ?? 'otel';
  const collectors: RuntimeCollector[] =
    names === 'otel'
      ? [startOtelRuntimeMetrics(provider)]
      : [startPromClientProcessMetrics(provider), startPromClientNodejsMetrics(provider)];
  return {
    names,
    stop() {
      for (const collector of collectors) collector.stop();
    },
  };
}
