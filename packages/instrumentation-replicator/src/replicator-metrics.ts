import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import {
  counter,
  GO_DEFAULT_BUCKETS,
  secondsHistogram,
  readSafely,
  upDownCounter,
} from '@meterline/instrumentation-kit';
import type {
  MetricsCollector,
  SyncContext,
  SyncOperation,
  SyncStatus,
} from './metrics-collector.js';

/** Who reports a gauge source that threw. */
const OWNER = 'replicator metrics';

/** The outcome of one registry API call: an HTTP status, or `error` when none came back. */
export type ApiCallStatus = number | 'error';

/** Health indicators read at each collection (see {@link ReplicatorMetrics.observeHealth}). */
export interface HealthIndicators {
  /** Seconds since the last successful sync, per source and resource type. */
  readonly replicationLag: Iterable<{
    readonly source: string;
    readonly resourceType: string;
    readonly seconds: number;
  }>;
  /** Resources on the target that differ from the source, as of the last comparison. */
  readonly configDrift: Iterable<{
    readonly source: string;
    readonly resourceType: string;
    readonly resources: number;
  }>;
  /** Used share of each registry's quota, 0 … 1. */
  readonly quotaUsage: Iterable<{ readonly registry: string; readonly ratio: number }>;
}

/**
 * The replicator's metric set (seed 004) and the seed's `PrometheusCollector`: implements
 * {@link MetricsCollector} on OpenTelemetry instruments, plus API call latency, the queue size and
 * the health indicators. Recording methods never throw and are safe from any async context.
 */
export class ReplicatorMetrics implements MetricsCollector {
  private readonly syncs: Counter;
  private readonly resources: Counter;
  private readonly duration: Histogram;
  private readonly errors: Counter;
  private readonly active: UpDownCounter;
  private readonly apiCalls: Histogram;
  private readonly completed = new WeakSet<SyncContext>();
  private readonly lastSuccess = new Map<string, { source: string; type: string; at: number }>();
  private queueSize: number | undefined;
  private queueSource: (() => number) | undefined;

  /**
   * Creates the instruments on `meter`; create one instance per meter. The seed names three
   * (`harbor_replicator_sync_total`, `harbor_replicator_resources_synced`,
   * `harbor_replicator_sync_duration_seconds`) and describes the rest, named with its prefix and
   * Prometheus conventions. Its `harbor_replicator_resources_synced` is a counter, served as
   * `harbor_replicator_resources_synced_total` as the Go client does in OpenMetrics and as
   * Prometheus' lint requires. Histograms use Go's default buckets, the seed's.
   */
  constructor(private readonly meter: Meter) {
    this.syncs = counter(meter, {
      name: 'harbor_replicator_sync',
      description: 'Total number of synchronization cycles',
    });
    this.resources = counter(meter, {
      name: 'harbor_replicator_resources_synced',
      description: 'Total resources synchronized',
    });
    this.errors = counter(meter, {
      name: 'harbor_replicator_sync_errors',
      description: 'Total synchronization errors by type',
    });
    this.duration = secondsHistogram(
      meter,
      'harbor_replicator_sync_duration_seconds',
      'Duration of sync operations',
      GO_DEFAULT_BUCKETS,
    );
    this.apiCalls = secondsHistogram(
      meter,
      'harbor_replicator_api_call_duration_seconds',
      'Latency of registry API calls',
      GO_DEFAULT_BUCKETS,
    );
    this.active = upDownCounter(meter, {
      name: 'harbor_replicator_active_syncs',
      description: 'Sync operations in progress',
    });
    meter
      .createObservableGauge('harbor_replicator_queue_size', {
        description: 'Resource operations waiting to be applied to the target',
      })
      .addCallback((result) => {
        const size = this.queueSource ? readSafely(OWNER, this.queueSource) : this.queueSize;
        if (size !== undefined) result.observe(size);
      });
    meter
      .createObservableGauge('harbor_replicator_last_successful_sync_timestamp_seconds', {
        description: 'Unix time of the last successful sync',
        unit: 's',
      })
      .addCallback((result) => {
        for (const { source, type, at } of this.lastSuccess.values()) {
          result.observe(at, { source, resource_type: type });
        }
      });
  }

  recordSyncStart(source: string, resourceType: string): SyncContext {
    this.active.add(1);
    return { source, resourceType, startedAt: performance.now() };
  }

  recordSyncComplete(context: SyncContext, status: SyncStatus): void {
    // A second completion of the same sync would drive the active gauge below zero.
    if (this.completed.has(context)) return;
    this.completed.add(context);
    this.active.add(-1);
    this.syncs.add(1, { status });
    const attributes = { source: context.source, resource_type: context.resourceType };
    this.duration.record((performance.now() - context.startedAt) / 1000, attributes);
    if (status === 'success') {
      this.lastSuccess.set(`${context.source}\u0000${context.resourceType}`, {
        source: context.source,
        type: context.resourceType,
        at: Date.now() / 1000,
      });
    }
  }

  recordResourceSynced(context: SyncContext, operation: SyncOperation): void {
    this.resources.add(1, { type: context.resourceType, source: context.source, operation });
  }

  recordError(context: SyncContext, errorType: string): void {
    this.errors.add(1, {
      source: context.source,
      resource_type: context.resourceType,
      error_type: errorType,
    });
  }

  /**
   * One call to `registry` took `seconds`: `harbor_replicator_api_call_duration_seconds{registry,
   * operation, status_code}`. The label is `registry`, not `instance`: Prometheus sets `instance`
   * to the scrape target and would rename ours to `exported_instance`.
   */
  recordApiCall(registry: string, operation: string, status: ApiCallStatus, seconds: number): void {
    this.apiCalls.record(seconds, { registry, operation, status_code: String(status) });
  }

  /** Sets `harbor_replicator_queue_size` (ignored once {@link observeQueueSize} is used). */
  setQueueSize(size: number): void {
    this.queueSize = size;
  }

  /** Reads `harbor_replicator_queue_size` from `read` at each collection. */
  observeQueueSize(read: () => number): void {
    this.queueSource = read;
  }

  /**
   * Exposes the health registry's indicators as `harbor_replicator_replication_lag_seconds`,
   * `harbor_replicator_config_drift_resources` and `harbor_replicator_quota_usage_ratio`, read
   * once per collection. Call once; a throwing `read` skips them for that collection.
   */
  observeHealth(read: () => HealthIndicators): void {
    const lag = this.meter.createObservableGauge('harbor_replicator_replication_lag_seconds', {
      description: 'Seconds since the last successful sync',
      unit: 's',
    });
    const drift = this.meter.createObservableGauge('harbor_replicator_config_drift_resources', {
      description: 'Resources on the target that differ from the source',
    });
    const quota = this.meter.createObservableGauge('harbor_replicator_quota_usage_ratio', {
      description: 'Used share of the registry quota',
      unit: '1',
    });
    this.meter.addBatchObservableCallback(
      (result) => {
        const indicators = readSafely(OWNER, read);
        if (!indicators) return;
        for (const l of indicators.replicationLag) {
          result.observe(lag, l.seconds, { source: l.source, resource_type: l.resourceType });
        }
        for (const d of indicators.configDrift) {
          result.observe(drift, d.resources, { source: d.source, resource_type: d.resourceType });
        }
        for (const q of indicators.quotaUsage)
          result.observe(quota, q.ratio, { registry: q.registry });
      },
      [lag, drift, quota],
    );
  }
}
