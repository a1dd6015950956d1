import type { ClusterStats, JobServerMetrics } from '@meterline/instrumentation-job-server';
import type { EventBus } from './event-bus.js';
import type { SubmitJobRequest } from './requests.js';
import type { Worker, WorkerRegistry } from './worker-registry.js';

/** Where a job is in its life. `running` jobs are reserved by a worker. */
export type JobState = 'queued' | 'running' | 'completed' | 'failed';

/** A job as the API shows it. Times are milliseconds since the epoch. */
export interface Job {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly durationMs: number;
  readonly outcome: 'success' | 'failure';
  readonly errorType?: string;
  state: JobState;
  readonly submittedAt: number;
  assignedAt?: number;
  finishedAt?: number;
  workerId?: string;
}

/** Scheduling decisions, the `decision_type` label values. */
export type DecisionType = 'assigned' | 'deferred';

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  /** Finished jobs kept for listing; older ones are forgotten. @default 10000 */
  readonly retainFinished?: number;
  /** The clock, in milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** Filters of {@link Scheduler.list}. */
export interface JobFilter {
  readonly tenantId?: string;
  readonly state?: JobState;
  /** At most this many, newest first. */
  readonly limit: number;
}

/**
 * A FIFO job queue with reservation: a job is `queued` until the scheduler reserves a slot on a
 * healthy worker for it (`running`), and leaves the queue when it finishes. The scheduler runs on
 * the events that can change what fits (a job submitted or finished, a worker registered or
 * heartbeating) and decides for the head of the queue only, so jobs start in submission order:
 * `assigned` when a healthy worker has a free slot (the one with most free slots; the first
 * registered on ties), `deferred` the first time the head job finds none. Each decision is timed
 * (`hodei_scheduling_latency_seconds`); each assignment records the job's queue wait.
 */
export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private readonly deferred = new WeakSet<Job>();
  private readonly finished: string[] = [];
  private readonly retainFinished: number;
  private readonly now: () => number;
  private reserved = 0;
  private nextId = 1;
  private scheduling = false;
  private again = false;

  constructor(
    private readonly bus: EventBus,
    private readonly workers: WorkerRegistry,
    private readonly metrics: JobServerMetrics,
    options: SchedulerOptions = {},
  ) {
    this.retainFinished = options.retainFinished ?? 10_000;
    this.now = options.now ?? Date.now;
    bus.subscribe(
      ['job.submitted', 'job.completed', 'job.failed', 'worker.registered', 'worker.heartbeat'],
      () => this.schedule(),
    );
  }

  /** Accepts a job (`hodei_jobs_scheduled_total`) and queues it; it may be assigned at once. */
  submit(request: SubmitJobRequest): Job {
    const job: Job = {
      id: `job-${this.nextId++}`,
      tenantId: request.tenantId,
      name: request.name,
      durationMs: request.durationMs,
      outcome: request.outcome,
      errorType:
        request.outcome === 'failure' ? (request.errorType ?? 'exit_code') : request.errorType,
      state: 'queued',
      submittedAt: this.now(),
    };
    this.jobs.set(job.id, job);
    this.queue.push(job);
    this.metrics.jobs.scheduled(job.tenantId);
    this.bus.publish('job.submitted', { jobId: job.id, tenantId: job.tenantId });
    return job;
  }

  /** Ends a running job as its simulated run says; frees the worker's slot. */
  finish(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job || job.state !== 'running') return;
    job.state = job.outcome === 'success' ? 'completed' : 'failed';
    job.finishedAt = this.now();
    this.reserved--;
    if (job.workerId) this.workers.get(job.workerId)?.running.delete(job.id);
    this.finished.push(job.id);
    while (this.finished.length > this.retainFinished) this.jobs.delete(this.finished.shift()!);
    if (job.state === 'completed') {
      this.metrics.jobs.completed(job.tenantId);
      this.bus.publish('job.completed', { jobId: job.id, tenantId: job.tenantId });
    } else {
      this.metrics.jobs.failed(job.tenantId, job.errorType ?? 'exit_code');
      this.bus.publish('job.failed', {
        jobId: job.id,
        tenantId: job.tenantId,
        errorType: job.errorType,
      });
    }
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Newest first, filtered. */
  list(filter: JobFilter): { jobs: Job[]; total: number } {
    const matching = [...this.jobs.values()].filter(
      (j) =>
        (filter.tenantId === undefined || j.tenantId === filter.tenantId) &&
        (filter.state === undefined || j.state === filter.state),
    );
    return { jobs: matching.reverse().slice(0, filter.limit), total: matching.length };
  }

  /** The cluster view that feeds the worker and queue gauges. */
  clusterStats(): ClusterStats & { reservedJobs: number } {
    return {
      totalWorkers: this.workers.size,
      healthyWorkers: this.workers.healthyCount(),
      queuedJobs: this.queue.length,
      reservedJobs: this.reserved,
      queueSize: this.queue.length + this.reserved,
    };
  }

  /** Assigns head jobs while a healthy worker has a free slot. Safe to call at any time. */
  schedule(): void {
    if (this.scheduling) {
      this.again = true;
      return;
    }
    this.scheduling = true;
    try {
      do {
        this.again = false;
        this.drain();
      } while (this.again);
    } finally {
      this.scheduling = false;
    }
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      const started = process.hrtime.bigint();
      const worker = this.pickWorker();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (!worker) {
        if (!this.deferred.has(job)) {
          this.deferred.add(job);
          this.decide('deferred', seconds);
        }
        return;
      }
      this.queue.shift();
      this.decide('assigned', seconds);
      job.state = 'running';
      job.workerId = worker.id;
      job.assignedAt = this.now();
      worker.running.add(job.id);
      this.reserved++;
      this.metrics.queue.waitTime((job.assignedAt - job.submittedAt) / 1000);
      this.bus.publish('job.assigned', { jobId: job.id, workerId: worker.id });
    }
  }

  private decide(type: DecisionType, seconds: number): void {
    this.metrics.scheduling.latency(seconds);
    this.metrics.scheduling.decision(type);
  }

  private pickWorker(): Worker | undefined {
    let best: Worker | undefined;
    let bestFree = 0;
    for (const worker of this.workers.all()) {
      const free = worker.slots - worker.running.size;
      if (free > bestFree && this.workers.isHealthy(worker)) {
        best = worker;
        bestFree = free;
      }
    }
    return best;
  }
}
