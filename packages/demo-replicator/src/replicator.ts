import type {
  MetricsCollector,
  SyncContext,
  SyncStatus,
} from '@meterline/instrumentation-replicator';
import { RegistryError, type RegistryClient } from './registry-client.js';
import { RESOURCE_TYPES, sameSpec, type Resource, type ResourceType } from './resources.js';

/** One error of a sync, for the cycle report. */
export interface SyncErrorReport {
  readonly errorType: string;
  readonly message: string;
  /** The resource the failed operation was for; absent for a failed listing. */
  readonly resource?: string;
}

/** What one sync (one resource type) did. */
export interface SyncResult {
  readonly resourceType: ResourceType;
  readonly status: SyncStatus;
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  /** Differences left after the sync (failed operations). */
  readonly outstanding: number;
  readonly errors: readonly SyncErrorReport[];
}

/** What one cycle (every resource type, in order) did. */
export interface CycleReport {
  /** 1 for the first cycle of the process, +1 for each later one. */
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly results: readonly SyncResult[];
}

/** What the replicator knows about one resource type, for health and status. */
export interface TypeState {
  readonly resourceType: ResourceType;
  /** Milliseconds since the epoch of the last sync, whatever its outcome. */
  lastSyncAt?: number;
  lastStatus?: SyncStatus;
  lastSuccessAt?: number;
  /** Differences between source and target as of the last comparison. */
  drift?: number;
  lastError?: string;
}

/** The target registry's quota as last read. */
export interface QuotaState {
  readonly used: number;
  readonly limit: number;
  readonly readAt: number;
}

/** Options of {@link Replicator}. */
export interface ReplicatorOptions {
  /** The `source` label: the registry resources come from. */
  readonly sourceName: string;
  readonly source: RegistryClient;
  readonly target: RegistryClient;
  /** Where syncs are reported (the seed's injected MetricsCollector). */
  readonly collector: MetricsCollector;
  /** Types synced, in order. @default every type: project, repository, robot */
  readonly resourceTypes?: readonly ResourceType[];
}

/**
 * Makes the target registry hold what the source holds. A cycle syncs each resource type in turn:
 * list both sides, then delete what the source lacks, update what differs and create what is
 * missing (deletes first, so they free quota for the creates), one call at a time. A type whose
 * listing fails ends `failure`; one with failed operations ends `partial` and the failed operations
 * stay queued (`harbor_replicator_queue_size`) until a later cycle applies them; otherwise
 * `success`. After the types, the target's quota is read for the health checks.
 *
 * Concurrency: one cycle at a time; `syncOnce` during a cycle returns that cycle's report.
 */
export class Replicator {
  private readonly types: readonly ResourceType[];
  private readonly states = new Map<ResourceType, TypeState>();
  private readonly pending = new Map<ResourceType, number>();
  private running: Promise<CycleReport> | undefined;
  private quotaState: QuotaState | undefined;
  private cycles = 0;

  constructor(private readonly options: ReplicatorOptions) {
    this.types = options.resourceTypes ?? RESOURCE_TYPES;
    for (const type of this.types) this.states.set(type, { resourceType: type });
  }

  /** Operations planned and not yet applied, over every type. */
  get queueSize(): number {
    let size = 0;
    for (const n of this.pending.values()) size += n;
    return size;
  }

  /** Per-type state, in sync order. */
  typeStates(): readonly Readonly<TypeState>[] {
    return [...this.states.values()];
  }

  get quota(): QuotaState | undefined {
    return this.quotaState;
  }

  /** Runs one cycle, or joins the one in progress. Never rejects: failures are in the report. */
  syncOnce(): Promise<CycleReport> {
    this.running ??= this.cycle().finally(() => (this.running = undefined));
    return this.running;
  }

  private async cycle(): Promise<CycleReport> {
    const id = ++this.cycles;
    const startedAt = new Date().toISOString();
    const results: SyncResult[] = [];
    for (const type of this.types) results.push(await this.syncType(type));
    try {
      const quota = await this.options.target.quota();
      this.quotaState = { ...quota, readAt: Date.now() };
    } catch {
      // Keep the last reading; the target's health check reports the outage.
    }
    return { id, startedAt, finishedAt: new Date().toISOString(), results };
  }

  private async syncType(type: ResourceType): Promise<SyncResult> {
    const { collector, source, target, sourceName } = this.options;
    const state = this.states.get(type)!;
    const context = collector.recordSyncStart(sourceName, type);
    const errors: SyncErrorReport[] = [];
    const counts = { created: 0, updated: 0, deleted: 0 };
    const finish = (status: SyncStatus): SyncResult => {
      collector.recordSyncComplete(context, status);
      state.lastSyncAt = Date.now();
      state.lastStatus = status;
      if (status === 'success') state.lastSuccessAt = state.lastSyncAt;
      state.lastError = errors.at(-1)?.message;
      const outstanding = this.pending.get(type) ?? 0;
      return { resourceType: type, status, ...counts, outstanding, errors };
    };

    const listings = await Promise.allSettled([source.list(type), target.list(type)]);
    for (const listing of listings) {
      if (listing.status === 'rejected') this.fail(context, errors, listing.reason);
    }
    if (listings[0].status === 'rejected' || listings[1].status === 'rejected') {
      return finish('failure');
    }
    const plan = planSync(listings[0].value, listings[1].value);
    this.pending.set(type, plan.length);
    state.drift = plan.length;
    for (const step of plan) {
      try {
        if (step.operation === 'delete') await target.delete(type, step.name);
        else await target.put(step.operation, type, step.name, step.spec!);
        collector.recordResourceSynced(context, step.operation);
        counts[`${step.operation}d` as 'created' | 'updated' | 'deleted']++;
        this.pending.set(type, this.pending.get(type)! - 1);
        state.drift--;
      } catch (error) {
        this.fail(context, errors, error, step.name);
      }
    }
    return finish(errors.length === 0 ? 'success' : 'partial');
  }

  private fail(context: SyncContext, errors: SyncErrorReport[], error: unknown, resource?: string) {
    const errorType = error instanceof RegistryError ? error.errorType : 'internal';
    this.options.collector.recordError(context, errorType);
    errors.push({
      errorType,
      message: (error as Error).message,
      ...(resource ? { resource } : {}),
    });
  }
}

/** One change to the target. */
export interface SyncStep {
  readonly operation: 'create' | 'update' | 'delete';
  readonly name: string;
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** The changes that make `target` hold what `source` holds: deletes, then updates, then creates. */
export function planSync(source: readonly Resource[], target: readonly Resource[]): SyncStep[] {
  const wanted = new Map(source.map((r) => [r.name, r]));
  const present = new Map(target.map((r) => [r.name, r]));
  const steps: SyncStep[] = [];
  for (const r of target)
    if (!wanted.has(r.name)) steps.push({ operation: 'delete', name: r.name });
  for (const r of source) {
    const there = present.get(r.name);
    if (there && !sameSpec(there.spec, r.spec)) {
      steps.push({ operation: 'update', name: r.name, spec: r.spec });
    }
  }
  for (const r of source) {
    if (!present.has(r.name)) steps.push({ operation: 'create', name: r.name, spec: r.spec });
  }
  return steps;
}
