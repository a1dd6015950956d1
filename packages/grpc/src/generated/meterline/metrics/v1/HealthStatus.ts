// Original file: proto/meterline/metrics/v1/admin_service.proto

/**
 * The state of a health check.
 */
export const HealthStatus = {
  /**
   * Not set; never sent.
   */
  HEALTH_STATUS_UNSPECIFIED: 'HEALTH_STATUS_UNSPECIFIED',
  /**
   * Working.
   */
  HEALTH_STATUS_HEALTHY: 'HEALTH_STATUS_HEALTHY',
  /**
   * Working with a problem.
   */
  HEALTH_STATUS_DEGRADED: 'HEALTH_STATUS_DEGRADED',
  /**
   * Not working.
   */
  HEALTH_STATUS_UNHEALTHY: 'HEALTH_STATUS_UNHEALTHY',
} as const;

/**
 * The state of a health check.
 */
export type HealthStatus =
  /**
   * Not set; never sent.
   */
  | 'HEALTH_STATUS_UNSPECIFIED'
  | 0
  /**
   * Working.
   */
  | 'HEALTH_STATUS_HEALTHY'
  | 1
  /**
   * Working with a problem.
   */
  | 'HEALTH_STATUS_DEGRADED'
  | 2
  /**
   * Not working.
   */
  | 'HEALTH_STATUS_UNHEALTHY'
  | 3

/**
 * The state of a health check.
 */
export type HealthStatus__Output = typeof HealthStatus[keyof typeof HealthStatus]
