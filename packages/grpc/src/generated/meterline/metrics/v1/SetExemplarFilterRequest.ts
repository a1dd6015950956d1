// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { ExemplarFilter as _meterline_metrics_v1_ExemplarFilter, ExemplarFilter__Output as _meterline_metrics_v1_ExemplarFilter__Output } from '../../../meterline/metrics/v1/ExemplarFilter.js';

/**
 * A new exemplar filter.
 */
export interface SetExemplarFilterRequest {
  /**
   * The filter to apply to every instrument.
   */
  'filter'?: (_meterline_metrics_v1_ExemplarFilter);
}

/**
 * A new exemplar filter.
 */
export interface SetExemplarFilterRequest__Output {
  /**
   * The filter to apply to every instrument.
   */
  'filter': (_meterline_metrics_v1_ExemplarFilter__Output);
}
