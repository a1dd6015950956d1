import type { BatchObservableResult, MeterProvider } from '@opentelemetry/api';
import { RUNTIME_METER_NAME, type RuntimeCollector } from './otel-runtime.js';
import {
  maxFileDescriptors,
  openFileDescriptors,
  procMemory,
  processStartTimeSeconds,
} from './proc.js';

/**
 * prom-client's `process_*` default metrics, same names, help texts and meaning, so dashboards
 * built for Node.js services keep working: `process_cpu_user_seconds_total`,
 * `process_cpu_system_seconds_total`, `process_cpu_seconds_total`, `process_start_time_seconds`,
 * `process_resident_memory_bytes`, `process_virtual_memory_bytes`, `process_heap_bytes`,
 * `process_open_fds`, `process_max_fds`.
 *
 * Counters are named without `_total` (the exporter appends it to monotonic sums) and carry units
 * already spelled in their names, so an exporter that appends unit suffixes leaves them unchanged.
 * CPU counters report the time since the process started (as the Prometheus Go client does), not
 * since the counters were registered.
 */
export function startPromClientProcessMetrics(provider: MeterProvider): RuntimeCollector {
  const meter = provider.getMeter(RUNTIME_METER_NAME);
  const cpuUser = meter.createObservableCounter('process_cpu_user_seconds', {
    description: 'Total user CPU time spent in seconds.',
    unit: 's',
  });
  const cpuSystem = meter.createObservableCounter('process_cpu_system_seconds', {
    description: 'Total system CPU time spent in seconds.',
    unit: 's',
  });
  const cpuTotal = meter.createObservableCounter('process_cpu_seconds', {
    description: 'Total user and system CPU time spent in seconds.',
    unit: 's',
  });
  const startTime = meter.createObservableGauge('process_start_time_seconds', {
    description: 'Start time of the process since unix epoch in seconds.',
    unit: 's',
  });
  const resident = meter.createObservableGauge('process_resident_memory_bytes', {
    description: 'Resident memory size in bytes.',
    unit: 'By',
  });
  const virtual = meter.createObservableGauge('process_virtual_memory_bytes', {
    description: 'Virtual memory size in bytes.',
    unit: 'By',
  });
  const heap = meter.createObservableGauge('process_heap_bytes', {
    description: 'Process heap size in bytes.',
    unit: 'By',
  });
  const openFds = meter.createObservableGauge('process_open_fds', {
    description: 'Number of open file descriptors.',
  });
  const maxFds = meter.createObservableGauge('process_max_fds', {
    description: 'Maximum number of open file descriptors.',
  });
  const observables = [
    cpuUser,
    cpuSystem,
    cpuTotal,
    startTime,
    resident,
    virtual,
    heap,
    openFds,
    maxFds,
  ];

  const started = processStartTimeSeconds();
  const callback = (result: BatchObservableResult) => {
    const cpu = process.cpuUsage();
    result.observe(cpuUser, cpu.user / 1e6);
    result.observe(cpuSystem, cpu.system / 1e6);
    result.observe(cpuTotal, (cpu.user + cpu.system) / 1e6);
    result.observe(startTime, started);
    const memory = procMemory();
    if (memory) {
      result.observe(resident, memory.residentBytes);
      result.observe(virtual, memory.virtualBytes);
      result.observe(heap, memory.dataBytes);
    } else {
      // Without procfs prom-client reports only the resident size, from libuv.
      result.observe(resident, process.memoryUsage.rss());
    }
    const open = openFileDescriptors();
    if (open !== undefined) result.observe(openFds, open);
    const limit = maxFileDescriptors();
    if (limit !== undefined) result.observe(maxFds, limit);
  };
  meter.addBatchObservableCallback(callback, observables);
  return {
    stop: () => meter.removeBatchObservableCallback(callback, observables),
  };
}
