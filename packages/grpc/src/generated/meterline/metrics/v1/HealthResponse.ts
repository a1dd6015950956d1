// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { HealthStatus as _meterline_metrics_v1_HealthStatus, HealthStatus__Output as _meterline_metrics_v1_HealthStatus__Output } from '../../../meterline/metrics/v1/HealthStatus.js';
import type { HealthCheck as _meterline_metrics_v1_HealthCheck, HealthCheck__Output as _meterline_metrics_v1_HealthCheck__Output } from '../../../meterline/metrics/v1/HealthCheck.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.js';

/**
 * Every check's state.
 */
export interface HealthResponse {
  /**
   * The worst state of all checks; HEALTHY with no checks.
   */
  'status'?: (_meterline_metrics_v1_HealthStatus);
  /**
   * No liveness check is unhealthy.
   */
  'live'?: (boolean);
  /**
   * No readiness check is unhealthy.
   */
  'ready'?: (boolean);
  /**
   * Every check, in registration order.
   */
  'checks'?: (_meterline_metrics_v1_HealthCheck)[];
  /**
   * When the checks started.
   */
  'time'?: (_google_protobuf_Timestamp | null);
}

/**
 * Every check's state.
 */
export interface HealthResponse__Output {
  /**
   * The worst state of all checks; HEALTHY with no checks.
   */
  'status': (_meterline_metrics_v1_HealthStatus__Output);
  /**
   * No liveness check is unhealthy.
   */
  'live': (boolean);
  /**
   * No readiness check is unhealthy.
   */
  'ready': (boolean);
  /**
   * Every check, in registration order.
   */
  'checks': (_meterline_metrics_v1_HealthCheck__Output)[];
  /**
   * When the checks started.
   */
  'time': (_google_protobuf_Timestamp__Output | null);
}
