// The one place the file system wires Meterline, the way a service team would. Every component
// gets its own meter provider and endpoint; everything else records through `@opentelemetry/api`
// via @meterline/instrumentation-dfs.
import type { Meter } from '@opentelemetry/api';
import { DEMO_VERSION, startDemoTelemetry } from '@meterline/demo-service';
import type { TelemetryHandle } from '@meterline/sdk';
import type { DfsCluster } from './cluster.js';
import type { ComponentPort, DfsPorts } from './ports.js';

/** One component's running telemetry. */
export interface ComponentTelemetry {
  /** Its service name: `dfs-master`, `dfs-chunkserver-1`, … */
  readonly service: string;
  readonly handle: TelemetryHandle;
  /** The meter its metric set records on (from its own provider, not the global one). */
  readonly meter: Meter;
}

/** The telemetry of every component. */
export interface DfsTelemetry {
  readonly master: ComponentTelemetry;
  readonly metalogger: ComponentTelemetry;
  readonly chunkservers: readonly ComponentTelemetry[];
  readonly client: ComponentTelemetry;
  /** Every component, in start order. */
  readonly all: readonly ComponentTelemetry[];
  /** Shuts every provider down (flushing), servers included. */
  shutdown(): Promise<void>;
}

/**
 * Starts one meter provider per component with `registerGlobal: false`: its own Prometheus
 * endpoint on its port (`DFS_*_PORT`, fixed in code so the shared `OTEL_EXPORTER_PROMETHEUS_PORT`
 * cannot put every component on one port), its own resource (`service.name` = the component,
 * `service.namespace` = `dfs`), its own health registry, and process and runtime metrics under
 * prom-client names (`process_open_fds`, `process_start_time_seconds`, …). The other `OTEL_*`
 * variables apply to every component (OTLP push, export interval, resource attributes).
 *
 * @throws the first component's start-up error (a `ConfigError`, a port in use), after shutting
 * down the components already started.
 */
export async function startDfsTelemetry(
  ports: DfsPorts,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<DfsTelemetry> {
  const started: ComponentTelemetry[] = [];
  const start = async ({ service, port }: ComponentPort): Promise<ComponentTelemetry> => {
    const handle = await startDemoTelemetry(service, {
      env,
      registerGlobal: false,
      namespace: 'dfs',
      defaults: { metrics: { runtime: { names: 'prom-client' } } },
      config: { exporters: { prometheus: { port } } },
    });
    const meter = handle.meterProvider.getMeter(service, DEMO_VERSION);
    const component = { service, handle, meter };
    started.push(component);
    return component;
  };
  const shutdown = async () => {
    await Promise.allSettled(started.map((c) => c.handle.shutdown()));
  };
  try {
    const master = await start(ports.master);
    const metalogger = await start(ports.metalogger);
    const chunkservers: ComponentTelemetry[] = [];
    for (const port of ports.chunkservers) chunkservers.push(await start(port));
    const client = await start(ports.client);
    return { master, metalogger, chunkservers, client, all: [...started], shutdown };
  } catch (error) {
    await shutdown();
    throw error;
  }
}

/**
 * Registers each component's health checks, derived from its metrics, in its own registry: served
 * as JSON at `/health` (and `/healthz`, `/readyz`) on the component's metrics port and exposed as
 * `meterline_health_check_status{check, status}` on its endpoint.
 */
export function registerHealthChecks(telemetry: DfsTelemetry, cluster: DfsCluster): void {
  const { metrics } = cluster;
  telemetry.master.handle.health.register('metadata_cache', () => metrics.master.cacheHealth());
  telemetry.master.handle.health.register('chunkservers', () => metrics.master.chunkserverHealth());
  telemetry.metalogger.handle.health.register('change_log', () => metrics.metalogger.logHealth());
  telemetry.metalogger.handle.health.register('backup', () => metrics.metalogger.backupHealth(), {
    readiness: false,
  });
  telemetry.chunkservers.forEach((component, i) => {
    const m = metrics.chunkservers[i]!;
    component.handle.health.register('disk_space', () => m.diskHealth());
    component.handle.health.register('chunk_operations', () => m.operationsHealth());
  });
  telemetry.client.handle.health.register('connections', () => metrics.client.connectionHealth());
}
