// The metric groups of the job server set, each mirroring one category of the seed.

/** What the scheduler's cluster view reports, read at each collection. */
export interface ClusterStats {
  /** Registered workers, healthy or not (`hodei_workers_total`). */
  readonly totalWorkers: number;
  /** Workers that can take jobs now (`hodei_workers_healthy`). */
  readonly healthyWorkers: number;
  /** Jobs waiting for a worker (`hodei_jobs_queued`). */
  readonly queuedJobs: number;
  /** Jobs the queue holds: waiting plus reserved by a worker and not finished (`hodei_queue_size`). */
  readonly queueSize: number;
}

/** One worker's last reported resource use. Missing fields are not reported. */
export interface WorkerResources {
  readonly workerId: string;
  /** CPU use in percent of the worker's capacity (`hodei_cpu_usage_percent`). */
  readonly cpuPercent?: number;
  /** Memory use in MB, 2^20 bytes (`hodei_memory_usage_mb`). */
  readonly memoryMb?: number;
}

/** Job lifecycle counters and the waiting-jobs gauge. */
export interface JobMetrics {
  /** A job was accepted for scheduling: `hodei_jobs_scheduled_total{tenant_id}` +1. */
  scheduled(tenantId: string): void;
  /** A job finished successfully: `hodei_jobs_completed_total{tenant_id}` +1. */
  completed(tenantId: string): void;
  /** A job failed: `hodei_jobs_failed_total{tenant_id, error_type}` +1. */
  failed(tenantId: string, errorType: string): void;
  /** Sets `hodei_jobs_queued` (ignored once {@link JobServerMetrics.observeCluster} is used). */
  setQueued(count: number): void;
}

/** Worker registry metrics. */
export interface WorkerMetrics {
  /** A new worker registered: `hodei_workers_registered_total` +1. */
  registered(): void;
  /** Sets `hodei_workers_healthy` (ignored once a cluster source is observed). */
  setHealthy(count: number): void;
  /** Sets `hodei_workers_total` (ignored once a cluster source is observed). */
  setTotal(count: number): void;
}

/** Scheduler metrics. */
export interface SchedulingMetrics {
  /** One scheduling decision took `seconds`: `hodei_scheduling_latency_seconds`. */
  latency(seconds: number): void;
  /** One decision of `decisionType` (`assigned`, `deferred`, …): `hodei_scheduling_decisions_total`. */
  decision(decisionType: string): void;
}

/** Per-worker resource gauges. */
export interface ResourceMetrics {
  /** Sets `hodei_cpu_usage_percent{worker_id}`. */
  setCpuUsage(workerId: string, percent: number): void;
  /** Sets `hodei_memory_usage_mb{worker_id}` (MB = 2^20 bytes). */
  setMemoryUsage(workerId: string, megabytes: number): void;
}

/** Queue metrics. */
export interface QueueMetrics {
  /** Sets `hodei_queue_size` (ignored once a cluster source is observed). */
  setSize(count: number): void;
  /** A job waited `seconds` between submission and assignment: `hodei_queue_wait_time_seconds`. */
  waitTime(seconds: number): void;
}

/** HTTP API metrics. */
export interface HttpMetrics {
  /**
   * One request answered: `hodei_http_requests_total{method, endpoint, status_code}` +1 and
   * `hodei_http_request_duration_seconds` observes `seconds`. Pass the route template as
   * `endpoint` (`/api/v1/workers/:id/heartbeat`), never the raw path: every value is a series.
   */
  request(method: string, endpoint: string, statusCode: number, seconds: number): void;
}

/** Event bus metrics. */
export interface EventBusMetrics {
  /** `hodei_events_published_total{event_type}` +1. */
  published(eventType: string): void;
  /** One delivery to one subscriber: `hodei_events_received_total{event_type}` +1. */
  received(eventType: string): void;
  /** Sets `hodei_event_bus_subscribers` (ignored once {@link observeSubscribers} is used). */
  setSubscribers(count: number): void;
  /** Reads `hodei_event_bus_subscribers` from `read` at each collection. */
  observeSubscribers(read: () => number): void;
}

/**
 * The job server's 18 metrics (seed 001), grouped like the seed's categories. Recording methods
 * are a few SDK calls each, safe from any async context, and never throw; invalid values (a
 * negative duration) are dropped by the SDK with a diagnostic.
 */
export interface JobServerMetrics {
  readonly jobs: JobMetrics;
  readonly workers: WorkerMetrics;
  readonly scheduling: SchedulingMetrics;
  readonly resources: ResourceMetrics;
  readonly queue: QueueMetrics;
  readonly http: HttpMetrics;
  readonly events: EventBusMetrics;
  /**
   * Reads the four cluster gauges (`hodei_workers_total`, `hodei_workers_healthy`,
   * `hodei_jobs_queued`, `hodei_queue_size`) from `read`, once per collection; replaces any
   * earlier source and the values given to the setters. A throwing `read` skips those gauges for
   * that collection.
   */
  observeCluster(read: () => ClusterStats): void;
  /**
   * Reads the per-worker gauges from `read` at each collection; its entries win over values set
   * through {@link ResourceMetrics} for the same worker.
   */
  observeWorkerResources(read: () => Iterable<WorkerResources>): void;
}
