import type { BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import {
  counter as createCounter,
  GO_DEFAULT_BUCKETS,
  secondsHistogram,
  LATENCY_1MS_10S_BUCKETS,
  readSafely,
} from '@meterline/instrumentation-kit';
import { BYTES_PER_MB, QUEUE_WAIT_BUCKETS } from './buckets.js';
import type { ClusterStats, JobServerMetrics, WorkerResources } from './metric-groups.js';

/** Who reports a gauge source that threw. */
const OWNER = 'job-server metrics';

/** Options of {@link createJobServerMetrics}. */
export interface JobServerMetricsOptions {
  /**
   * Report worker memory in bytes, as `hodei_memory_usage_bytes` (unit `By`), instead of the
   * seed's `hodei_memory_usage_mb` in MB (2^20 bytes, no unit), a name `promtool check metrics`
   * rejects ("metric names should not contain abbreviated units"). `setMemoryUsage` still takes MB.
   * @default false
   */
  readonly memoryInBytes?: boolean;
}

/**
 * Creates the job server's instruments on `meter`. Call once per meter: a second call on the same
 * meter returns the same SDK instruments but registers its gauge callbacks again.
 */
export function createJobServerMetrics(
  meter: Meter,
  options: JobServerMetricsOptions = {},
): JobServerMetrics {
  const memoryInBytes = options.memoryInBytes ?? false;
  const counter = (name: string, description: string) =>
    createCounter(meter, { name, description });

  const jobsScheduled = counter('hodei_jobs_scheduled', 'Total number of jobs scheduled');
  const jobsCompleted = counter('hodei_jobs_completed', 'Total number of jobs completed');
  const jobsFailed = counter('hodei_jobs_failed', 'Total number of jobs failed');
  const workersRegistered = counter(
    'hodei_workers_registered',
    'Total number of registered workers',
  );
  const decisions = counter('hodei_scheduling_decisions', 'Total number of scheduling decisions');
  const httpRequests = counter('hodei_http_requests', 'Total number of HTTP requests');
  const eventsPublished = counter('hodei_events_published', 'Total number of events published');
  const eventsReceived = counter('hodei_events_received', 'Total number of events received');
  const schedulingLatency = secondsHistogram(
    meter,
    'hodei_scheduling_latency_seconds',
    'Scheduling decision latency',
    LATENCY_1MS_10S_BUCKETS,
  );
  const queueWait = secondsHistogram(
    meter,
    'hodei_queue_wait_time_seconds',
    'Time jobs wait in the queue before a worker takes them',
    QUEUE_WAIT_BUCKETS,
  );
  // The seed names no buckets, so its Rust `prometheus` crate used its `DEFAULT_BUCKETS` (Go's
  // `DefBuckets`); kept so the service's existing dashboards see the same `le` values.
  const httpDuration = secondsHistogram(
    meter,
    'hodei_http_request_duration_seconds',
    'HTTP request duration',
    GO_DEFAULT_BUCKETS,
  );

  // Gauges are observable: set values and sources are read at collection, so a scrape always sees
  // the current state, never a stale push.
  const gauge = (name: string, description: string, unit?: string) =>
    meter.createObservableGauge(name, unit === undefined ? { description } : { description, unit });
  const jobsQueued = gauge('hodei_jobs_queued', 'Current number of jobs in queue');
  const workersHealthy = gauge('hodei_workers_healthy', 'Current number of healthy workers');
  // A gauge despite `_total`: the seed's name. A service wanting lint-clean names renames it with
  // a view (the demo does, for JOB_SERVER_METRIC_NAMES=prometheus).
  const workersTotal = gauge('hodei_workers_total', 'Current number of workers');
  const queueSize = gauge('hodei_queue_size', 'Current queue size (waiting plus reserved jobs)');
  const subscribers = gauge(
    'hodei_event_bus_subscribers',
    'Current number of event bus subscribers',
  );
  const cpuUsage = gauge('hodei_cpu_usage_percent', 'CPU usage per worker', '%');
  const memoryUsage = memoryInBytes
    ? gauge('hodei_memory_usage_bytes', 'Memory usage per worker', 'By')
    : gauge('hodei_memory_usage_mb', 'Memory usage per worker in MB (2^20 bytes)');
  const memoryScale = memoryInBytes ? BYTES_PER_MB : 1;

  const set: Partial<Record<'queued' | 'healthy' | 'total' | 'size' | 'subscribers', number>> = {};
  let clusterSource: (() => ClusterStats) | undefined;
  let subscriberSource: (() => number) | undefined;
  const scalar = (
    result: BatchObservableResult,
    gaugeOf: Observable,
    value: number | undefined,
  ) => {
    if (value !== undefined) result.observe(gaugeOf, value);
  };
  meter.addBatchObservableCallback(
    (result) => {
      let stats: ClusterStats | undefined;
      if (clusterSource) stats = readSafely(OWNER, clusterSource);
      const fromCluster = clusterSource !== undefined;
      scalar(result, jobsQueued, fromCluster ? stats?.queuedJobs : set.queued);
      scalar(result, workersHealthy, fromCluster ? stats?.healthyWorkers : set.healthy);
      scalar(result, workersTotal, fromCluster ? stats?.totalWorkers : set.total);
      scalar(result, queueSize, fromCluster ? stats?.queueSize : set.size);
      scalar(
        result,
        subscribers,
        subscriberSource ? readSafely(OWNER, subscriberSource) : set.subscribers,
      );
    },
    [jobsQueued, workersHealthy, workersTotal, queueSize, subscribers],
  );

  const cpuSet = new Map<string, number>();
  const memorySet = new Map<string, number>();
  let resourceSource: (() => Iterable<WorkerResources>) | undefined;
  meter.addBatchObservableCallback(
    (result) => {
      const cpu = new Map(cpuSet);
      const memory = new Map(memorySet);
      for (const worker of (resourceSource && readSafely(OWNER, resourceSource)) ?? []) {
        if (worker.cpuPercent !== undefined) cpu.set(worker.workerId, worker.cpuPercent);
        if (worker.memoryMb !== undefined) memory.set(worker.workerId, worker.memoryMb);
      }
      for (const [id, value] of cpu) result.observe(cpuUsage, value, { worker_id: id });
      for (const [id, value] of memory) {
        result.observe(memoryUsage, value * memoryScale, { worker_id: id });
      }
    },
    [cpuUsage, memoryUsage],
  );

  return {
    jobs: {
      scheduled: (tenantId) => jobsScheduled.add(1, { tenant_id: tenantId }),
      completed: (tenantId) => jobsCompleted.add(1, { tenant_id: tenantId }),
      failed: (tenantId, errorType) =>
        jobsFailed.add(1, { tenant_id: tenantId, error_type: errorType }),
      setQueued: (count) => void (set.queued = count),
    },
    workers: {
      registered: () => workersRegistered.add(1),
      setHealthy: (count) => void (set.healthy = count),
      setTotal: (count) => void (set.total = count),
    },
    scheduling: {
      latency: (seconds) => schedulingLatency.record(seconds),
      decision: (decisionType) => decisions.add(1, { decision_type: decisionType }),
    },
    resources: {
      setCpuUsage: (workerId, percent) => void cpuSet.set(workerId, percent),
      setMemoryUsage: (workerId, megabytes) => void memorySet.set(workerId, megabytes),
    },
    queue: {
      setSize: (count) => void (set.size = count),
      waitTime: (seconds) => queueWait.record(seconds),
    },
    http: {
      request(method, endpoint, statusCode, seconds) {
        httpRequests.add(1, { method, endpoint, status_code: String(statusCode) });
        httpDuration.record(seconds);
      },
    },
    events: {
      published: (eventType) => eventsPublished.add(1, { event_type: eventType }),
      received: (eventType) => eventsReceived.add(1, { event_type: eventType }),
      setSubscribers: (count) => void (set.subscribers = count),
      observeSubscribers: (read) => void (subscriberSource = read),
    },
    observeCluster: (read) => void (clusterSource = read),
    observeWorkerResources: (read) => void (resourceSource = read),
  };
}
