// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { Instrument as _meterline_metrics_v1_Instrument, Instrument__Output as _meterline_metrics_v1_Instrument__Output } from '../../../meterline/metrics/v1/Instrument.js';

/**
 * The instruments changed.
 */
export interface SetInstrumentEnabledResponse {
  /**
   * One entry per scope that has an instrument of that name, after the change.
   */
  'instruments'?: (_meterline_metrics_v1_Instrument)[];
}

/**
 * The instruments changed.
 */
export interface SetInstrumentEnabledResponse__Output {
  /**
   * One entry per scope that has an instrument of that name, after the change.
   */
  'instruments': (_meterline_metrics_v1_Instrument__Output)[];
}
