// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { LabelMatcher as _meterline_metrics_v1_LabelMatcher, LabelMatcher__Output as _meterline_metrics_v1_LabelMatcher__Output } from '../../../meterline/metrics/v1/LabelMatcher.js';

/**
 * Series to forget.
 */
export interface EvictSeriesRequest {
  /**
   * The instrument name.
   */
  'instrument'?: (string);
  /**
   * Every matcher must match a series for it to be evicted; none: all of the instrument's series.
   */
  'matchers'?: (_meterline_metrics_v1_LabelMatcher)[];
}

/**
 * Series to forget.
 */
export interface EvictSeriesRequest__Output {
  /**
   * The instrument name.
   */
  'instrument': (string);
  /**
   * Every matcher must match a series for it to be evicted; none: all of the instrument's series.
   */
  'matchers': (_meterline_metrics_v1_LabelMatcher__Output)[];
}
