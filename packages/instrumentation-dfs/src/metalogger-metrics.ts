import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  histogram,
  secondsHistogram,
  timed,
  type TimedOperations,
} from '@meterline/instrumentation-kit';
import { DFS_LATENCY_BUCKETS, DFS_SIZE_BUCKETS, type OperationStatus } from './buckets.js';
import { ComponentMetrics, componentGauge, type ComponentGauge } from './component-metrics.js';
import type { DfsHealth } from './health.js';

/** Kinds of metadata change the metalogger logs: the `operation` of `metalogger_log_entries_total`. */
export type LogOperation = 'create' | 'delete';
/** Backup operations: the `operation` of the backup metrics. */
export type BackupOperation = 'snapshot';
/** Recovery steps: the `operation` of the recovery metrics. */
export type RecoveryOperation = 'restore_snapshot' | 'replay_log';

/** What the metalogger's gauge and health checks read, at each collection. */
export interface MetaloggerState {
  /** Bytes of the change log on disk. */
  logSizeBytes(): number;
  /** Changes received but not yet written to the log. */
  pendingEntries(): number;
}

/** Thresholds of the metalogger's health checks. */
export interface MetaloggerHealthOptions {
  /** Replication lag above which the log is degraded, in seconds. @default 5 */
  readonly maxLagSeconds?: number;
}

/**
 * The metalogger's metric set: log, backup and recovery operations. Prometheus names:
 * `metalogger_log_entries_total`, `metalogger_log_size_bytes`,
 * `metalogger_log_replication_lag_seconds`, `metalogger_backup_operations_total`,
 * `metalogger_backup_duration_seconds`, `metalogger_backup_size_bytes`,
 * `metalogger_recovery_operations_total`, `metalogger_recovery_duration_seconds`.
 *
 * Concurrency: recording methods are synchronous SDK calls, safe from any async context.
 */
export class MetaloggerMetrics extends ComponentMetrics<MetaloggerState> {
  private readonly entries: Counter;
  private readonly lag: Histogram;
  private readonly backups: TimedOperations<BackupOperation, OperationStatus>;
  private readonly backupSize: Histogram;
  private readonly recoveries: TimedOperations<RecoveryOperation, OperationStatus>;
  private readonly maxLag: number;
  private lastLag = 0;
  private lastLogError: string | undefined;
  private lastBackup: { status: OperationStatus; at: number } | undefined;

  constructor(meter: Meter, health: MetaloggerHealthOptions = {}) {
    super(meter, 'MetaloggerMetrics');
    this.maxLag = health.maxLagSeconds ?? 5;
    this.entries = this.counter('metalogger_log_entries', 'Total log entries processed');
    this.lag = secondsHistogram(
      meter,
      'metalogger_log_replication_lag_seconds',
      'Log replication lag',
      DFS_LATENCY_BUCKETS,
    );
    this.backups = this.timedOperations(
      'backup',
      'metalogger_backup_operations',
      'metalogger_backup_duration_seconds',
    );
    this.backupSize = histogram(meter, {
      name: 'metalogger_backup_size_bytes',
      description: 'Backup operation size',
      unit: 'By',
      buckets: DFS_SIZE_BUCKETS,
    });
    this.recoveries = this.timedOperations(
      'recovery',
      'metalogger_recovery_operations',
      'metalogger_recovery_duration_seconds',
    );
  }

  protected gauges(state: MetaloggerState): readonly ComponentGauge[] {
    return [
      componentGauge(
        'metalogger_log_size_bytes',
        'Current log size in bytes',
        () => state.logSizeBytes(),
        'By',
      ),
    ];
  }

  /** One change was written to the log (or failed to be), `lagSeconds` after the master made it. */
  logEntry(operation: LogOperation, status: OperationStatus, lagSeconds: number, error?: string) {
    this.entries.add(1, this.attributes.get({ operation, status }));
    if (status === 'success') {
      this.lag.record(lagSeconds);
      this.lastLag = lagSeconds;
      this.lastLogError = undefined;
    } else {
      this.lastLogError = error ?? 'log write failed';
    }
  }

  /** Runs a backup, recording its outcome, duration and (on success) the size `run` resolves to. */
  timeBackup(operation: BackupOperation, run: () => Promise<number>): Promise<number> {
    return timed(run, (seconds, outcome) => {
      const status: OperationStatus = outcome.ok ? 'success' : 'error';
      if (outcome.ok) this.backupSize.record(outcome.result, this.attributes.get({ operation }));
      this.backups.record(operation, status, seconds);
      this.lastBackup = { status, at: Date.now() };
    });
  }

  /** Runs one recovery step, recording its outcome and duration; rethrows failures. */
  timeRecovery<T>(operation: RecoveryOperation, run: () => Promise<T>): Promise<T> {
    return this.recoveries.time(operation, run, () => 'success', 'error');
  }

  /** `change_log`: unhealthy when writing the log fails, degraded when it lags behind. */
  logHealth(): DfsHealth {
    const details = {
      lastLagSeconds: this.lastLag,
      pendingEntries: this.state?.pendingEntries() ?? 0,
      logSizeBytes: this.state?.logSizeBytes() ?? 0,
    };
    if (this.lastLogError !== undefined) {
      return { status: 'unhealthy', message: this.lastLogError, details };
    }
    if (this.lastLag > this.maxLag) {
      return { status: 'degraded', message: `replication lag ${this.lastLag} s`, details };
    }
    return { status: 'healthy', details };
  }

  /** `backup`: degraded when the latest backup failed (healthy before any backup). */
  backupHealth(): DfsHealth {
    if (!this.lastBackup) return { status: 'healthy', message: 'no backup taken yet' };
    const details = {
      lastStatus: this.lastBackup.status,
      lastAt: new Date(this.lastBackup.at).toISOString(),
    };
    return this.lastBackup.status === 'success'
      ? { status: 'healthy', details }
      : { status: 'degraded', message: 'the latest backup failed', details };
  }
}
