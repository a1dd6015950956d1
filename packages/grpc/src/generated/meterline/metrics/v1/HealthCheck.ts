// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { HealthStatus as _meterline_metrics_v1_HealthStatus, HealthStatus__Output as _meterline_metrics_v1_HealthStatus__Output } from '../../../meterline/metrics/v1/HealthStatus.js';

/**
 * The outcome of one check.
 */
export interface HealthCheck {
  /**
   * The name the check was registered under.
   */
  'name'?: (string);
  /**
   * Its state.
   */
  'status'?: (_meterline_metrics_v1_HealthStatus);
  /**
   * Why, for people; empty when the check gave no message.
   */
  'message'?: (string);
  /**
   * The check's details as JSON; empty when none.
   */
  'detailsJson'?: (string);
  /**
   * An unhealthy result makes the service not ready.
   */
  'readiness'?: (boolean);
  /**
   * An unhealthy result makes the service not live.
   */
  'liveness'?: (boolean);
  /**
   * How long the check took, in milliseconds.
   */
  'durationMs'?: (number | string);
}

/**
 * The outcome of one check.
 */
export interface HealthCheck__Output {
  /**
   * The name the check was registered under.
   */
  'name': (string);
  /**
   * Its state.
   */
  'status': (_meterline_metrics_v1_HealthStatus__Output);
  /**
   * Why, for people; empty when the check gave no message.
   */
  'message': (string);
  /**
   * The check's details as JSON; empty when none.
   */
  'detailsJson': (string);
  /**
   * An unhealthy result makes the service not ready.
   */
  'readiness': (boolean);
  /**
   * An unhealthy result makes the service not live.
   */
  'liveness': (boolean);
  /**
   * How long the check took, in milliseconds.
   */
  'durationMs': (number);
}
