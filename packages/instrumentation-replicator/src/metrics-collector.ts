/** How one sync of one resource type from one source ended: the `status` label values. */
export type SyncStatus = 'success' | 'partial' | 'failure';

/** What a sync did to one resource on the target: the `operation` label values. */
export type SyncOperation = 'create' | 'update' | 'delete';

/**
 * One sync in progress: what {@link MetricsCollector.recordSyncStart} returns and every later call
 * about that sync takes, the way the seed passes a Go `context.Context`. Treat it as opaque.
 */
export interface SyncContext {
  /** The registry the resources come from (`source` label). */
  readonly source: string;
  /** The kind of resource synced (`resource_type`, and `type` on resources synced). */
  readonly resourceType: string;
  /** `performance.now()` at the start, for the duration. */
  readonly startedAt: number;
}

/**
 * The seed's `MetricsCollector`: what sync code calls, injected so it never touches a metrics
 * library (tests pass {@link noopMetricsCollector} or a fake). One sync is one resource type from
 * one source; call `recordSyncStart` once, then any number of `recordResourceSynced` and
 * `recordError`, then `recordSyncComplete` exactly once.
 *
 * Contract: implementations are safe to call concurrently for different syncs and never throw.
 */
export interface MetricsCollector {
  /** A sync starts: counts it as active. */
  recordSyncStart(source: string, resourceType: string): SyncContext;
  /** The sync ended with `status`: no longer active, counted and timed. */
  recordSyncComplete(context: SyncContext, status: SyncStatus): void;
  /** The sync applied one `operation` to one resource on the target. */
  recordResourceSynced(context: SyncContext, operation: SyncOperation): void;
  /** The sync hit an error of `errorType` (`unavailable`, `quota_exceeded`, …). */
  recordError(context: SyncContext, errorType: string): void;
}

/** A collector that records nothing, for sync code under test. */
export const noopMetricsCollector: MetricsCollector = {
  recordSyncStart: (source, resourceType) => ({ source, resourceType, startedAt: 0 }),
  recordSyncComplete: () => {},
  recordResourceSynced: () => {},
  recordError: () => {},
};
