// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type { Measurement as _meterline_metrics_v1_Measurement, Measurement__Output as _meterline_metrics_v1_Measurement__Output } from '../../../meterline/metrics/v1/Measurement.js';

/**
 * Measurements to record.
 */
export interface RecordRequest {
  /**
   * At most 1000 measurements; all are validated before any is recorded.
   */
  'measurements'?: (_meterline_metrics_v1_Measurement)[];
}

/**
 * Measurements to record.
 */
export interface RecordRequest__Output {
  /**
   * At most 1000 measurements; all are validated before any is recorded.
   */
  'measurements': (_meterline_metrics_v1_Measurement__Output)[];
}
