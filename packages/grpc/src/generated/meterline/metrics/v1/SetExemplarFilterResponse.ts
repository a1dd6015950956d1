// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { ExemplarFilter as _meterline_metrics_v1_ExemplarFilter, ExemplarFilter__Output as _meterline_metrics_v1_ExemplarFilter__Output } from '../../../meterline/metrics/v1/ExemplarFilter.js';

/**
 * The filter before and after.
 */
export interface SetExemplarFilterResponse {
  /**
   * The filter in force before the call.
   */
  'previous'?: (_meterline_metrics_v1_ExemplarFilter);
  /**
   * The filter in force now.
   */
  'current'?: (_meterline_metrics_v1_ExemplarFilter);
}

/**
 * The filter before and after.
 */
export interface SetExemplarFilterResponse__Output {
  /**
   * The filter in force before the call.
   */
  'previous': (_meterline_metrics_v1_ExemplarFilter__Output);
  /**
   * The filter in force now.
   */
  'current': (_meterline_metrics_v1_ExemplarFilter__Output);
}
