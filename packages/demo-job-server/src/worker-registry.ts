import type { WorkerMetrics, WorkerResources } from '@meterline/instrumentation-job-server';
import type { EventBus } from './event-bus.js';
import type { HeartbeatRequest, RegisterWorkerRequest } from './requests.js';

/** A worker as the server knows it. */
export interface Worker {
  readonly id: string;
  slots: number;
  readonly registeredAt: number;
  lastHeartbeatAt: number;
  /** What the worker last said about itself. */
  reportedHealthy: boolean;
  cpuPercent?: number;
  memoryMb?: number;
  /** Ids of the jobs it runs now. */
  readonly running: Set<string>;
}

/** A worker as the API shows it. */
export interface WorkerView {
  readonly id: string;
  readonly slots: number;
  readonly running: number;
  readonly healthy: boolean;
  readonly lastHeartbeatAt: string;
  readonly cpuPercent?: number;
  readonly memoryMb?: number;
}

/** Options of {@link WorkerRegistry}. */
export interface WorkerRegistryOptions {
  /** A worker without a heartbeat for this long is unhealthy. @default 15000 */
  readonly heartbeatTimeoutMs?: number;
  /** The clock, in milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

/**
 * The workers of the cluster. A worker is healthy while it reported itself healthy and its last
 * heartbeat (or registration) is younger than the heartbeat timeout; only healthy workers get
 * jobs. Counts new registrations in `hodei_workers_registered_total` and feeds the per-worker
 * `hodei_cpu_usage_percent` and `hodei_memory_usage_mb` gauges from what heartbeats report.
 */
export class WorkerRegistry {
  private readonly workers = new Map<string, Worker>();
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly bus: EventBus,
    private readonly metrics: WorkerMetrics,
    options: WorkerRegistryOptions = {},
  ) {
    this.timeoutMs = options.heartbeatTimeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** Registers a worker, or updates the slots of a known one; `created` says which. */
  register(request: RegisterWorkerRequest): { worker: WorkerView; created: boolean } {
    const now = this.now();
    let worker = this.workers.get(request.id);
    const created = worker === undefined;
    if (!worker) {
      worker = {
        id: request.id,
        slots: request.slots,
        registeredAt: now,
        lastHeartbeatAt: now,
        reportedHealthy: true,
        running: new Set(),
      };
      this.workers.set(worker.id, worker);
      this.metrics.registered();
    }
    worker.slots = request.slots;
    worker.lastHeartbeatAt = now;
    worker.reportedHealthy = true;
    if (request.cpuPercent !== undefined) worker.cpuPercent = request.cpuPercent;
    if (request.memoryMb !== undefined) worker.memoryMb = request.memoryMb;
    this.bus.publish('worker.registered', { workerId: worker.id, created });
    return { worker: this.view(worker), created };
  }

  /** Records a heartbeat; undefined for an unknown worker. */
  heartbeat(id: string, request: HeartbeatRequest): WorkerView | undefined {
    const worker = this.workers.get(id);
    if (!worker) return undefined;
    worker.lastHeartbeatAt = this.now();
    worker.reportedHealthy = request.healthy;
    if (request.cpuPercent !== undefined) worker.cpuPercent = request.cpuPercent;
    if (request.memoryMb !== undefined) worker.memoryMb = request.memoryMb;
    this.bus.publish('worker.heartbeat', { workerId: id, healthy: request.healthy });
    return this.view(worker);
  }

  get(id: string): Worker | undefined {
    return this.workers.get(id);
  }

  isHealthy(worker: Worker): boolean {
    return worker.reportedHealthy && this.now() - worker.lastHeartbeatAt <= this.timeoutMs;
  }

  /** Every worker, in registration order. */
  all(): IterableIterator<Worker> {
    return this.workers.values();
  }

  get size(): number {
    return this.workers.size;
  }

  healthyCount(): number {
    let healthy = 0;
    for (const worker of this.workers.values()) if (this.isHealthy(worker)) healthy++;
    return healthy;
  }

  /** Resource use as last reported, for the per-worker gauges. */
  *resources(): Iterable<WorkerResources> {
    for (const w of this.workers.values()) {
      yield { workerId: w.id, cpuPercent: w.cpuPercent, memoryMb: w.memoryMb };
    }
  }

  list(): WorkerView[] {
    return [...this.workers.values()].map((w) => this.view(w));
  }

  private view(worker: Worker): WorkerView {
    return {
      id: worker.id,
      slots: worker.slots,
      running: worker.running.size,
      healthy: this.isHealthy(worker),
      lastHeartbeatAt: new Date(worker.lastHeartbeatAt).toISOString(),
      cpuPercent: worker.cpuPercent,
      memoryMb: worker.memoryMb,
    };
  }
}
