// Original file: proto/meterline/metrics/v1/metrics_service.proto

import type { QueryRequest as _meterline_metrics_v1_QueryRequest, QueryRequest__Output as _meterline_metrics_v1_QueryRequest__Output } from '../../../meterline/metrics/v1/QueryRequest.js';

/**
 * A query to repeat at an interval.
 */
export interface WatchRequest {
  /**
   * What to send. In a delta watch `cursor` is ignored: each update holds the change since the
   * stream's previous update (the first, each series' whole value).
   */
  'query'?: (_meterline_metrics_v1_QueryRequest | null);
  /**
   * Milliseconds between updates; 0 means the server's default. Raised to the server's minimum.
   */
  'intervalMs'?: (number);
  /**
   * End the stream (status OK) after this many updates; 0: no limit.
   */
  'maxUpdates'?: (number);
}

/**
 * A query to repeat at an interval.
 */
export interface WatchRequest__Output {
  /**
   * What to send. In a delta watch `cursor` is ignored: each update holds the change since the
   * stream's previous update (the first, each series' whole value).
   */
  'query': (_meterline_metrics_v1_QueryRequest__Output | null);
  /**
   * Milliseconds between updates; 0 means the server's default. Raised to the server's minimum.
   */
  'intervalMs': (number);
  /**
   * End the stream (status OK) after this many updates; 0: no limit.
   */
  'maxUpdates': (number);
}
