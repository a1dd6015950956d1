// Original file: proto/meterline/metrics/v1/types.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The buckets of an explicit-bucket histogram point.
 */
export interface HistogramValue {
  /**
   * The number of recorded values.
   */
  'count'?: (number | string | Long);
  /**
   * The sum of recorded values.
   */
  'sum'?: (number | string);
  /**
   * Upper bucket bounds (inclusive), ascending; the last bucket (+Inf) has no bound.
   */
  'bounds'?: (number | string)[];
  /**
   * Per-bucket counts (not cumulative), one more than `bounds`. Empty for exponential histograms.
   */
  'bucketCounts'?: (number | string | Long)[];
  /**
   * True when `min` and `max` are set (cumulative view of a histogram that records them).
   */
  'hasMinMax'?: (boolean);
  /**
   * The smallest value recorded.
   */
  'min'?: (number | string);
  /**
   * The largest value recorded.
   */
  'max'?: (number | string);
}

/**
 * The buckets of an explicit-bucket histogram point.
 */
export interface HistogramValue__Output {
  /**
   * The number of recorded values.
   */
  'count': (number);
  /**
   * The sum of recorded values.
   */
  'sum': (number);
  /**
   * Upper bucket bounds (inclusive), ascending; the last bucket (+Inf) has no bound.
   */
  'bounds': (number)[];
  /**
   * Per-bucket counts (not cumulative), one more than `bounds`. Empty for exponential histograms.
   */
  'bucketCounts': (number)[];
  /**
   * True when `min` and `max` are set (cumulative view of a histogram that records them).
   */
  'hasMinMax': (boolean);
  /**
   * The smallest value recorded.
   */
  'min': (number);
  /**
   * The largest value recorded.
   */
  'max': (number);
}
