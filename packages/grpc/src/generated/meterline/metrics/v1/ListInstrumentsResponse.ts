// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type { Instrument as _meterline_metrics_v1_Instrument, Instrument__Output as _meterline_metrics_v1_Instrument__Output } from '../../../meterline/metrics/v1/Instrument.js';

/**
 * The instruments, in creation order.
 */
export interface ListInstrumentsResponse {
  /**
   * One entry per instrument and scope.
   */
  'instruments'?: (_meterline_metrics_v1_Instrument)[];
}

/**
 * The instruments, in creation order.
 */
export interface ListInstrumentsResponse__Output {
  /**
   * One entry per instrument and scope.
   */
  'instruments': (_meterline_metrics_v1_Instrument__Output)[];
}
