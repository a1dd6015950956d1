// The one place the storage agent wires Meterline, the way a service team would. Everything else
// in the agent records through `@opentelemetry/api` only.
import { startDemoTelemetry } from '@meterline/demo-service';
import type { TelemetryHandle, ViewConfig } from '@meterline/sdk';
import type { AgentMetricsEndpoint } from './agent-config.js';

/** Default metrics port: the seed's `http://localhost:8080/metrics`. */
export const DEFAULT_METRICS_PORT = 8080;

/**
 * The seed's process gauges, made from the SDK's runtime metrics by views rather than by
 * hand-made gauges. `process_memory_bytes` is the resident set size (`process.memory.usage`).
 * `process_cpu_usage` is `process.cpu.utilization`: a view renames a stream but cannot scale it,
 * so it stays a 0-1 ratio of all CPUs (Prometheus' base unit for ratios) per `process_cpu_state`,
 * not the seed's percentage: `sum(process_cpu_usage) * 100` is that percentage. The views replace
 * the two OTel-named streams; they need `metrics.runtime.names: otel` (the default).
 */
export const AGENT_PROCESS_VIEWS: readonly ViewConfig[] = [
  {
    instrument: 'process.cpu.utilization',
    meter: '@opentelemetry/host-metrics',
    rename: 'process_cpu_usage',
    description:
      'Process CPU usage: ratio (0-1) of all CPUs since the previous collection, by state',
  },
  {
    instrument: 'process.memory.usage',
    meter: '@opentelemetry/host-metrics',
    rename: 'process_memory_bytes',
    description: 'Process memory usage in bytes (resident set size)',
  },
];

/**
 * Starts telemetry for the agent. The service's defaults, with the agent file's `metrics:`
 * section on top (`endpoint`: `enabled`, `port`, `path`; see agent-config.ts), sit below the
 * Meterline config file (`METERLINE_CONFIG_FILE`) and the standard `OTEL_*` variables, so
 * operators can override them.
 * A `metrics.views` list in a higher layer replaces {@link AGENT_PROCESS_VIEWS} (lists replace).
 */
export function startAgentTelemetry(endpoint: AgentMetricsEndpoint = {}): Promise<TelemetryHandle> {
  return startDemoTelemetry('storage-agent', {
    defaults: {
      metrics: { views: [...AGENT_PROCESS_VIEWS] },
      exporters: {
        prometheus: {
          port: DEFAULT_METRICS_PORT,
          path: '/metrics',
          ...endpoint,
        },
      },
    },
  });
}
