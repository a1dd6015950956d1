import type { JobServerMetrics } from '@meterline/instrumentation-job-server';
import { EventBus } from './event-bus.js';
import { EventLog } from './event-log.js';
import { Scheduler } from './scheduler.js';
import { SimulatedExecutor } from './simulated-executor.js';
import { WorkerRegistry } from './worker-registry.js';

/** Options of {@link createJobServer}. */
export interface JobServerOptions {
  /** A worker without a heartbeat for this long is unhealthy. @default 15000 */
  readonly heartbeatTimeoutMs?: number;
  /** Finished jobs kept for listing. @default 10000 */
  readonly retainFinished?: number;
  /** The clock, in milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
  /** Where a failing event subscriber is reported. @default a line on stderr */
  readonly onHandlerError?: (error: unknown, eventType: string) => void;
}

/** The job server's parts, wired together. */
export interface JobServer {
  readonly bus: EventBus;
  readonly workers: WorkerRegistry;
  readonly scheduler: Scheduler;
  readonly executor: SimulatedExecutor;
  readonly log: EventLog;
  /** Stops the simulated runs and leaves the bus. */
  stop(): void;
}

/**
 * Builds the job server (bus, workers, scheduler, simulated executor, event log) recording into
 * `metrics`, and points the cluster gauges and per-worker gauges at it. No I/O, no timers until a
 * job runs.
 */
export function createJobServer(metrics: JobServerMetrics, options: JobServerOptions = {}) {
  const onHandlerError =
    options.onHandlerError ??
    ((error: unknown, eventType: string) => {
      process.stderr.write(`job-server: a ${eventType} subscriber failed: ${String(error)}\n`);
    });
  const bus = new EventBus(metrics.events, (error, event) => onHandlerError(error, event.type));
  const workers = new WorkerRegistry(bus, metrics.workers, {
    heartbeatTimeoutMs: options.heartbeatTimeoutMs,
    now: options.now,
  });
  const scheduler = new Scheduler(bus, workers, metrics, {
    retainFinished: options.retainFinished,
    now: options.now,
  });
  const executor = new SimulatedExecutor(bus, scheduler);
  const log = new EventLog(bus);
  metrics.observeCluster(() => scheduler.clusterStats());
  metrics.observeWorkerResources(() => workers.resources());
  const server: JobServer = {
    bus,
    workers,
    scheduler,
    executor,
    log,
    stop() {
      executor.stop();
      log.stop();
    },
  };
  return server;
}
