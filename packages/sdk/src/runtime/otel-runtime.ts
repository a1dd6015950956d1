import type { BatchObservableResult, MeterProvider } from '@opentelemetry/api';
import { holdLastObservations } from './hold-last.js';
import { startHostProcessMetrics } from './host-process.js';
import { startNodeRuntimeMetrics } from './node-runtime.js';
import { maxFileDescriptors, openFileDescriptors, processStartTimeSeconds } from './proc.js';

/** The meter (scope) of the instruments Meterline adds where the two OTel packages have none. */
export const RUNTIME_METER_NAME = '@meterline/sdk/runtime';

/** A running set of runtime instruments; `stop()` releases observers and timers. Idempotent. */
export interface RuntimeCollector {
  stop(): void;
}

/**
 * Process and runtime metrics under OpenTelemetry semantic-convention names:
 *
 * - `@opentelemetry/host-metrics`' `process.cpu` and `process.memory` groups (the host's per-core
 *   CPU and network series are a node exporter's job): `process.cpu.time{process.cpu.state}`,
 *   `process.cpu.utilization{process.cpu.state}`, `process.memory.usage` (RSS, bytes);
 * - `@opentelemetry/instrumentation-runtime-node`'s collectors: `nodejs.eventloop.delay.*`,
 *   `nodejs.eventloop.utilization`, `nodejs.eventloop.time`, `v8js.gc.duration{v8js.gc.type}`,
 *   `v8js.memory.heap.*{v8js.heap.space.name}`, `v8js.resource.active`;
 *
 * both written out (`host-process.ts`, `node-runtime.ts`) under the packages' own scopes, which
 * the tests take as the oracle (start-up cost: `node bench/run.mjs --only cold-start`);
 * - filled in here, which neither reports: `process.open_fds`, `process.max_fds` (exposed as the
 *   Prometheus clients' `process_open_fds`, `process_max_fds`) and `process.start_time` (exposed as
 *   `process_start_time_seconds`).
 *
 * Everything is bound to `provider` explicitly (never the global one), so several providers can run
 * side by side in one process (the file-system demo gives each component its own).
 */
export function startOtelRuntimeMetrics(provider: MeterProvider): RuntimeCollector {
  const host = startHostProcessMetrics(provider);
  const runtime = startNodeRuntimeMetrics(holdLastObservations(provider), {
    monitoringPrecision: 10,
  });

  const meter = provider.getMeter(RUNTIME_METER_NAME);
  // Not the semantic-convention `process.unix.file_descriptor.count`: exposed as
  // `process_unix_file_descriptor_count`, its `_count` suffix fails `promtool check metrics`
  // (reserved for histograms). These are the Prometheus clients' standard names instead.
  const openFds = meter.createObservableGauge('process.open_fds', {
    description: 'Number of open file descriptors.',
    unit: '{file_descriptor}',
  });
  const fdLimit = meter.createObservableGauge('process.max_fds', {
    description: 'Maximum number of open file descriptors.',
    unit: '{file_descriptor}',
  });
  const startTime = meter.createObservableGauge('process.start_time', {
    description: 'Start time of the process since the Unix epoch.',
    unit: 's',
  });
  const started = processStartTimeSeconds();
  const callback = (result: BatchObservableResult) => {
    const open = openFileDescriptors();
    if (open !== undefined) result.observe(openFds, open);
    const limit = maxFileDescriptors();
    if (limit !== undefined) result.observe(fdLimit, limit);
    result.observe(startTime, started);
  };
  const observables = [openFds, fdLimit, startTime];
  meter.addBatchObservableCallback(callback, observables);

  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      runtime.stop();
      meter.removeBatchObservableCallback(callback, observables);
      host.stop();
    },
  };
}
