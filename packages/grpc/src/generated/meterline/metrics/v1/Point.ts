// Original file: proto/meterline/metrics/v1/types.proto

import type { Attribute as _meterline_metrics_v1_Attribute, Attribute__Output as _meterline_metrics_v1_Attribute__Output } from '../../../meterline/metrics/v1/Attribute.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.js';
import type { HistogramValue as _meterline_metrics_v1_HistogramValue, HistogramValue__Output as _meterline_metrics_v1_HistogramValue__Output } from '../../../meterline/metrics/v1/HistogramValue.js';

/**
 * One series' point.
 */
export interface Point {
  /**
   * The series' attributes, sorted by key.
   */
  'attributes'?: (_meterline_metrics_v1_Attribute)[];
  /**
   * Start of the interval the value covers: the series start (cumulative) or the previous
   * query's time (delta).
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When the value was collected.
   */
  'time'?: (_google_protobuf_Timestamp | null);
  /**
   * The value of a sum or gauge.
   */
  'number'?: (number | string);
  /**
   * The value of a histogram.
   */
  'histogram'?: (_meterline_metrics_v1_HistogramValue | null);
  /**
   * Delta view only: the series restarted since the cursor's previous query (or was not known to
   * it), so the delta is its whole cumulative value.
   */
  'reset'?: (boolean);
  /**
   * The value.
   */
  'value'?: "number"|"histogram";
}

/**
 * One series' point.
 */
export interface Point__Output {
  /**
   * The series' attributes, sorted by key.
   */
  'attributes': (_meterline_metrics_v1_Attribute__Output)[];
  /**
   * Start of the interval the value covers: the series start (cumulative) or the previous
   * query's time (delta).
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the value was collected.
   */
  'time': (_google_protobuf_Timestamp__Output | null);
  /**
   * The value of a sum or gauge.
   */
  'number'?: (number);
  /**
   * The value of a histogram.
   */
  'histogram'?: (_meterline_metrics_v1_HistogramValue__Output | null);
  /**
   * Delta view only: the series restarted since the cursor's previous query (or was not known to
   * it), so the delta is its whole cumulative value.
   */
  'reset': (boolean);
  /**
   * The value.
   */
  'value'?: "number"|"histogram";
}
