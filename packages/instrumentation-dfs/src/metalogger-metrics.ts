import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { AttributeCache, secondsSince } from './attributes.js';
import { DFS_LATENCY_BUCKETS, DFS_SIZE_BUCKETS, type OperationStatus } from './buckets.js';
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
export class MetaloggerMetrics {
  private readonly entries: Counter;
  private readonly lag: Histogram;
  private readonly backups: Counter;
  private readonly backupDuration: Histogram;
  private readonly backupSize: Histogram;
  private readonly recoveries: Counter;
  private readonly recoveryDuration: Histogram;
  private readonly attributes = new AttributeCache();
  private readonly maxLag: number;
  private lastLag = 0;
  private lastLogError: string | undefined;
  private lastBackup: { status: OperationStatus; at: number } | undefined;
  private state: MetaloggerState | undefined;

  constructor(
    private readonly meter: Meter,
    health: MetaloggerHealthOptions = {},
  ) {
    this.maxLag = health.maxLagSeconds ?? 5;
    const latency = { explicitBucketBoundaries: [...DFS_LATENCY_BUCKETS] };
    this.entries = meter.createCounter('metalogger_log_entries', {
      description: 'Total log entries processed',
    });
    this.lag = meter.createHistogram('metalogger_log_replication_lag_seconds', {
      description: 'Log replication lag',
      unit: 's',
      advice: latency,
    });
    this.backups = meter.createCounter('metalogger_backup_operations', {
      description: 'Total backup operations',
    });
    this.backupDuration = meter.createHistogram('metalogger_backup_duration_seconds', {
      description: 'Backup operation duration',
      unit: 's',
      advice: latency,
    });
    this.backupSize = meter.createHistogram('metalogger_backup_size_bytes', {
      description: 'Backup operation size',
      unit: 'By',
      advice: { explicitBucketBoundaries: [...DFS_SIZE_BUCKETS] },
    });
    this.recoveries = meter.createCounter('metalogger_recovery_operations', {
      description: 'Total recovery operations',
    });
    this.recoveryDuration = meter.createHistogram('metalogger_recovery_duration_seconds', {
      description: 'Recovery operation duration',
      unit: 's',
      advice: latency,
    });
  }

  /**
   * Reports `metalogger_log_size_bytes` from `state`, read at each collection. Call once.
   * @throws {Error} when called twice.
   */
  observe(state: MetaloggerState): void {
    if (this.state) throw new Error('MetaloggerMetrics.observe() was already called');
    this.state = state;
    this.meter
      .createObservableGauge('metalogger_log_size_bytes', {
        description: 'Current log size in bytes',
        unit: 'By',
      })
      .addCallback((result) => result.observe(state.logSizeBytes()));
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
  async timeBackup(operation: BackupOperation, run: () => Promise<number>): Promise<number> {
    const start = process.hrtime.bigint();
    let status: OperationStatus = 'error';
    try {
      const bytes = await run();
      status = 'success';
      this.backupSize.record(bytes, this.attributes.get({ operation }));
      return bytes;
    } finally {
      this.backups.add(1, this.attributes.get({ operation, status }));
      this.backupDuration.record(secondsSince(start), this.attributes.get({ operation }));
      this.lastBackup = { status, at: Date.now() };
    }
  }

  /** Runs one recovery step, recording its outcome and duration; rethrows failures. */
  async timeRecovery<T>(operation: RecoveryOperation, run: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    let status: OperationStatus = 'error';
    try {
      const result = await run();
      status = 'success';
      return result;
    } finally {
      this.recoveries.add(1, this.attributes.get({ operation, status }));
      this.recoveryDuration.record(secondsSince(start), this.attributes.get({ operation }));
    }
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
