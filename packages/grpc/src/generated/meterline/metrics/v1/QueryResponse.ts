// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type { Metric as _meterline_metrics_v1_Metric, Metric__Output as _meterline_metrics_v1_Metric__Output } from '../../../meterline/metrics/v1/Metric.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.js';
import type { Temporality as _meterline_metrics_v1_Temporality, Temporality__Output as _meterline_metrics_v1_Temporality__Output } from '../../../meterline/metrics/v1/Temporality.js';

/**
 * The answer to a query.
 */
export interface QueryResponse {
  /**
   * The instrument's streams (one per scope and view) with their matching points.
   */
  'metrics'?: (_meterline_metrics_v1_Metric)[];
  /**
   * When the data was collected.
   */
  'time'?: (_google_protobuf_Timestamp | null);
  /**
   * The view of the values.
   */
  'temporality'?: (_meterline_metrics_v1_Temporality);
  /**
   * Delta view: the time of the previous query with this cursor; unset when the cursor was new.
   */
  'previousTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * The answer to a query.
 */
export interface QueryResponse__Output {
  /**
   * The instrument's streams (one per scope and view) with their matching points.
   */
  'metrics': (_meterline_metrics_v1_Metric__Output)[];
  /**
   * When the data was collected.
   */
  'time': (_google_protobuf_Timestamp__Output | null);
  /**
   * The view of the values.
   */
  'temporality': (_meterline_metrics_v1_Temporality__Output);
  /**
   * Delta view: the time of the previous query with this cursor; unset when the cursor was new.
   */
  'previousTime': (_google_protobuf_Timestamp__Output | null);
}
