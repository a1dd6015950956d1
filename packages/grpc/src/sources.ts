import type { Meter } from '@opentelemetry/api';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import type { EngineAdmin } from '@meterline/engine';
import type { ExporterContext, HealthRegistry, Logger } from '@meterline/sdk';

/** Delivery accounting of one push exporter, as `ForceFlush` reports it. */
export interface DeliveryAccount {
  readonly exporter: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly pointsDelivered: number;
  readonly pointsDropped: number;
  /** The last export's error message; absent when it succeeded. Never a secret. */
  readonly lastError?: string;
  /** When the last export ended (ms since the epoch); absent before the first. */
  readonly lastExportMillis?: number;
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
  /** Flushes every reader (pushes what push exporters hold); undefined when not available. */
  readonly forceFlush?: () => Promise<void>;
  /** The push exporters' delivery accounting; undefined when not available. */
  readonly deliveries?: () => readonly DeliveryAccount[];
  /** Where the services log (admin actions, refusals). */
  readonly logger: Logger;
}

/**
 * What `@meterline/sdk`'s `ExporterContext` offers the services besides its documented fields:
 * the engine's admin, the redacted config and flush/accounting, once the SDK provides them. Read
 * through this one type so that wiring them is a one-line change where the SDK declares them.
 */
export interface ContextExtras {
  readonly admin?: EngineAdmin;
  readonly config?: unknown;
  readonly forceFlush?: () => Promise<void>;
  readonly deliveries?: () => readonly DeliveryAccount[];
}

/** The extras of `context`, read lazily (the SDK may resolve `admin` only after start-up). */
export function contextExtras(context: ExporterContext): ContextExtras {
  return context as ExporterContext & ContextExtras;
}
