import type { BatchObservableResult, MeterProvider } from '@opentelemetry/api';

const { cpus } = process.getBuiltinModule('node:os');

/**
 * The scope the process CPU and memory instruments are reported under: `@opentelemetry/host-metrics`
 * 0.39's own, so views that select them by meter (the storage-agent demo renames
 * `process.cpu.utilization` to `process_cpu_usage` that way) and `otel_scope_name` stay as they were.
 */
export const HOST_METRICS_SCOPE = { name: '@opentelemetry/host-metrics', version: '0.39.0' };

/** Stops the observer. Idempotent. */
export interface HostProcessMetrics {
  stop(): void;
}

/**
 * `@opentelemetry/host-metrics` 0.39's `process.cpu` and `process.memory` groups, the only two
 * Meterline starts, written out here: the same instruments, descriptions, units, attributes and
 * arithmetic. The package itself is CommonJS and deprecated; loading it also loads the CommonJS
 * copy of `@opentelemetry/api` and `systeminformation` (about 60 modules, a fifth of a service's
 * start-up: `node bench/run.mjs --only cold-start`) for these three instruments.
 *
 * - `process.cpu.time{process.cpu.state=user|system}`: CPU seconds since the process started
 *   (`process.cpuUsage()`), an observable counter in `s`;
 * - `process.cpu.utilization{process.cpu.state}`: CPU time since the previous collection over the
 *   wall time since then times the number of CPUs (host-metrics' formula), a gauge without unit;
 * - `process.memory.usage`: resident set size in bytes (`process.memory.usage.rss()`), a gauge
 *   without unit, as host-metrics declares it.
 *
 * Like host-metrics, the previous sample is module state shared by every provider in the process.
 */
export function startHostProcessMetrics(provider: MeterProvider): HostProcessMetrics {
  const meter = provider.getMeter(HOST_METRICS_SCOPE.name, HOST_METRICS_SCOPE.version);
  const cpuTime = meter.createObservableCounter('process.cpu.time', {
    description: 'Process Cpu time in seconds',
    unit: 's',
  });
  const cpuUtilization = meter.createObservableGauge('process.cpu.utilization', {
    description: 'Process Cpu usage time 0-1',
  });
  const memoryUsage = meter.createObservableGauge('process.memory.usage', {
    description: 'Process Memory usage in bytes',
  });
  const callback = (result: BatchObservableResult) => {
    const cpu = processCpuUsage();
    result.observe(cpuTime, cpu.user, { 'process.cpu.state': 'user' });
    result.observe(cpuTime, cpu.system, { 'process.cpu.state': 'system' });
    result.observe(cpuUtilization, cpu.userP, { 'process.cpu.state': 'user' });
    result.observe(cpuUtilization, cpu.systemP, { 'process.cpu.state': 'system' });
    result.observe(memoryUsage, process.memoryUsage.rss());
  };
  const observables = [cpuTime, cpuUtilization, memoryUsage];
  meter.addBatchObservableCallback(callback, observables);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      meter.removeBatchObservableCallback(callback, observables);
    },
  };
}

const MICROSECOND = 1 / 1e6;
/** host-metrics counts the CPUs once, when it loads. */
const cpuCount = cpus().length;
let previous = { time: Date.now(), usage: process.cpuUsage() };

/** host-metrics' `getProcessCpuUsageData`: totals in seconds, shares since the previous call. */
function processCpuUsage(): { user: number; system: number; userP: number; systemP: number } {
  const time = Date.now();
  const usage = process.cpuUsage();
  // Microseconds of wall time on every CPU, the unit of process.cpuUsage().
  const elapsed = (time - previous.time) * 1000 * cpuCount;
  const shares = {
    // Multiplied, not divided, as host-metrics does: the same bits in the last place.
    user: usage.user * MICROSECOND,
    system: usage.system * MICROSECOND,
    userP: (usage.user - previous.usage.user) / elapsed,
    systemP: (usage.system - previous.usage.system) / elapsed,
  };
  previous = { time, usage };
  return shares;
}
