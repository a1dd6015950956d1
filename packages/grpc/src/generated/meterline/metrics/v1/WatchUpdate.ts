// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type { QueryResponse as _meterline_metrics_v1_QueryResponse, QueryResponse__Output as _meterline_metrics_v1_QueryResponse__Output } from '../../../meterline/metrics/v1/QueryResponse.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One update of a watch.
 */
export interface WatchUpdate {
  /**
   * 1 for the first update of the stream, then counting up.
   */
  'sequence'?: (number | string | Long);
  /**
   * The query's answer at this time.
   */
  'result'?: (_meterline_metrics_v1_QueryResponse | null);
}

/**
 * One update of a watch.
 */
export interface WatchUpdate__Output {
  /**
   * 1 for the first update of the stream, then counting up.
   */
  'sequence': (number);
  /**
   * The query's answer at this time.
   */
  'result': (_meterline_metrics_v1_QueryResponse__Output | null);
}
