// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { View as _meterline_metrics_v1_View, View__Output as _meterline_metrics_v1_View__Output } from '../../../meterline/metrics/v1/View.js';
import type { Instrument as _meterline_metrics_v1_Instrument, Instrument__Output as _meterline_metrics_v1_Instrument__Output } from '../../../meterline/metrics/v1/Instrument.js';

/**
 * Views and limits.
 */
export interface ListViewsResponse {
  /**
   * The configured views, in order.
   */
  'views'?: (_meterline_metrics_v1_View)[];
  /**
   * Default series limit per instrument (`metrics.cardinalityLimit`).
   */
  'defaultCardinalityLimit'?: (number);
  /**
   * Every instrument with the limit in force and whether it is enabled.
   */
  'instruments'?: (_meterline_metrics_v1_Instrument)[];
}

/**
 * Views and limits.
 */
export interface ListViewsResponse__Output {
  /**
   * The configured views, in order.
   */
  'views': (_meterline_metrics_v1_View__Output)[];
  /**
   * Default series limit per instrument (`metrics.cardinalityLimit`).
   */
  'defaultCardinalityLimit': (number);
  /**
   * Every instrument with the limit in force and whether it is enabled.
   */
  'instruments': (_meterline_metrics_v1_Instrument__Output)[];
}
