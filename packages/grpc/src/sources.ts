import type { Meter } from '@opentelemetry/api';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import type { EngineAdmin } from '@meterline/engine';
import type { ExporterContext, HealthRegistry, Logger } from '@meterline/plugin';

/** What a push exporter delivered since start-up (as `@meterline/sdk` reports it). */
export interface DeliveryTotals {
  readonly pointsExported: number;
  readonly pointsFailed: number;
  readonly pointsRejected: number;
  readonly exportsSucceeded: number;
  readonly exportsFailed: number;
  readonly failuresByReason: Readonly<Record<string, number>>;
  readonly failingReason?: string;
}

/** One push exporter's answer to a flush: `ForceFlush` sends these. */
export interface FlushReport {
  readonly exporter: string;
  readonly endpoints: readonly string[];
  /** Why the flush failed, secrets masked. */
  readonly flushError?: string;
  /** Its accounting after the flush, when the exporter keeps one. */
  readonly delivery?: DeliveryTotals;
}

/**
 * Everything the services read and change, supplied by whoever runs them (the `grpcServices`
 * plug-in from its `ExporterContext`, or a service wiring the server itself). Accessors are called
 * per request, so what exists only once telemetry has started (the engine's admin, the meter) is
 * resolved late.
 */
export interface GrpcSources {
  /** False until telemetry has started (calls then answer UNAVAILABLE). */
  ready(): boolean;
  /** Collects the service's metrics now, cumulative (the plug-in's own reader). */
  collect(timeoutMillis: number): Promise<CollectionResult>;
  /** A meter of the service's provider (self-metrics, and `Record`'s instruments). */
  meter(name: string): Meter;
  /** Runtime control of the engine; undefined when the service runs another provider. */
  admin(): EngineAdmin | undefined;
  /** The effective configuration, secrets already redacted; undefined when unknown. */
  config(): unknown;
  /** The service's health checks. */
  readonly health: HealthRegistry;
  /** Default series limit per instrument (`metrics.cardinalityLimit`). */
  readonly cardinalityLimit: number;
  /**
   * Pushes now through every push exporter and resolves with each one's report; a failed export
   * shows in its report, not as a rejection. Undefined when the host offers no flush.
   */
  readonly flushPushExporters?: () => Promise<readonly FlushReport[]>;
  /** Where the services log (admin actions, refusals). */
  readonly logger: Logger;
}

/**
 * What `@meterline/sdk`'s `ExporterContext` offers the services besides the fields this branch's
 * SDK declares: the engine's admin (a getter, set once telemetry started), the configuration with
 * secrets masked, and the push exporters' flush with delivery accounting. Read through this one
 * type so that, once the SDK declares them, wiring them is a one-line change.
 */
export interface ContextExtras {
  readonly admin?: EngineAdmin;
  readonly config?: unknown;
  flushPushExporters?(): Promise<readonly FlushReport[]>;
}

/** The extras of `context`, read lazily (the SDK may resolve `admin` only after start-up). */
export function contextExtras(context: ExporterContext): ContextExtras {
  return context as ExporterContext & ContextExtras;
}
