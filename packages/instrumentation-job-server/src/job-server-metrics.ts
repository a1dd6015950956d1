import { diag, type BatchObservableResult, type Meter, type Observable } from '@opentelemetry/api';
import {
  BYTES_PER_MB,
  HTTP_DURATION_BUCKETS,
  QUEUE_WAIT_BUCKETS,
  SCHEDULING_LATENCY_BUCKETS,
  jobServerMetricNames,
  type MetricNaming,
} from './metric-names.js';
import type { ClusterStats, JobServerMetrics, WorkerResources } from './metric-groups.js';

/** Options of {@link createJobServerMetrics}. */
export interface JobServerMetricsOptions {
  /**
   * Expose the seed's exact names, or lint-clean names for the two that `promtool` rejects
   * (see {@link MetricNaming}).
   * @default 'seed'
   */
  readonly naming?: MetricNaming;
}

/**
 * Creates the job server's instruments on `meter`. Call once per meter: a second call on the same
 * meter returns the same SDK instruments but registers its gauge callbacks again.
 */
export function createJobServerMetrics(
  meter: Meter,
  options: JobServerMetricsOptions = {},
): JobServerMetrics {
  const naming = options.naming ?? 'seed';
  const names = jobServerMetricNames(naming);
  const counter = (name: string, description: string) =>
    meter.createCounter(name.replace(/_total$/, ''), { description });

  const jobsScheduled = counter(names.jobsScheduled, 'Total number of jobs scheduled');
  const jobsCompleted = counter(names.jobsCompleted, 'Total number of jobs completed');
  const jobsFailed = counter(names.jobsFailed, 'Total number of jobs failed');
  const workersRegistered = counter(names.workersRegistered, 'Total number of registered workers');
  const decisions = counter(names.schedulingDecisions, 'Total number of scheduling decisions');
  const httpRequests = counter(names.httpRequests, 'Total number of HTTP requests');
  const eventsPublished = counter(names.eventsPublished, 'Total number of events published');
  const eventsReceived = counter(names.eventsReceived, 'Total number of events received');
  const schedulingLatency = meter.createHistogram(names.schedulingLatency, {
    description: 'Scheduling decision latency',
    unit: 's',
    advice: { explicitBucketBoundaries: [...SCHEDULING_LATENCY_BUCKETS] },
  });
  const queueWait = meter.createHistogram(names.queueWaitTime, {
    description: 'Time jobs wait in the queue before a worker takes them',
    unit: 's',
    advice: { explicitBucketBoundaries: [...QUEUE_WAIT_BUCKETS] },
  });
  const httpDuration = meter.createHistogram(names.httpRequestDuration, {
    description: 'HTTP request duration',
    unit: 's',
    advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
  });

  // Gauges are observable: set values and sources are read at collection, so a scrape always sees
  // the current state, never a stale push.
  const gauge = (name: string, description: string, unit?: string) =>
    meter.createObservableGauge(name, unit === undefined ? { description } : { description, unit });
  const jobsQueued = gauge(names.jobsQueued, 'Current number of jobs in queue');
  const workersHealthy = gauge(names.workersHealthy, 'Current number of healthy workers');
  const workersTotal = gauge(names.workersTotal, 'Current number of workers');
  const queueSize = gauge(names.queueSize, 'Current queue size (waiting plus reserved jobs)');
  const subscribers = gauge(names.eventBusSubscribers, 'Current number of event bus subscribers');
  const cpuUsage = gauge(names.cpuUsage, 'CPU usage per worker', '%');
  const memoryUsage =
    naming === 'seed'
      ? gauge(names.memoryUsage, 'Memory usage per worker in MB (2^20 bytes)')
      : gauge(names.memoryUsage, 'Memory usage per worker', 'By');
  const memoryScale = naming === 'seed' ? 1 : BYTES_PER_MB;

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
      if (clusterSource) stats = attempt(clusterSource);
      const fromCluster = clusterSource !== undefined;
      scalar(result, jobsQueued, fromCluster ? stats?.queuedJobs : set.queued);
      scalar(result, workersHealthy, fromCluster ? stats?.healthyWorkers : set.healthy);
      scalar(result, workersTotal, fromCluster ? stats?.totalWorkers : set.total);
      scalar(result, queueSize, fromCluster ? stats?.queueSize : set.size);
      scalar(result, subscribers, subscriberSource ? attempt(subscriberSource) : set.subscribers);
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
      for (const worker of (resourceSource && attempt(resourceSource)) ?? []) {
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

/** Calls a user-supplied source; a throw means "no value this collection", not a failed scrape. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    diag.warn(
      `job-server metrics: a gauge source threw, skipping it this collection: ${String(error)}`,
    );
    return undefined;
  }
}
