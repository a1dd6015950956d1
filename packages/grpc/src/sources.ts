import type { Meter } from '@opentelemetry/api';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import type { EngineAdmin } from '@meterline/engine';
import type { HealthRegistry, Logger, PushExporterReport } from '@meterline/plugin';

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
  readonly flushPushExporters?: () => Promise<readonly PushExporterReport[]>;
  /** Where the services log (admin actions, refusals). */
  readonly logger: Logger;
}
