/**
 * The result of a health evaluation, shaped like `@meterline/plugin`'s `HealthCheckResult`, so a
 * component registers it directly: `telemetry.health.register('metadata_cache', () => m.cacheHealth())`.
 * Defined here so this package keeps depending on `@opentelemetry/api` only.
 */
export interface DfsHealth {
  readonly status: 'healthy' | 'degraded' | 'unhealthy';
  readonly message?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}
