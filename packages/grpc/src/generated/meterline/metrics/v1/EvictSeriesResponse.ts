// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * How many series went.
 */
export interface EvictSeriesResponse {
  /**
   * The number of series evicted.
   */
  'evicted'?: (number | string | Long);
}

/**
 * How many series went.
 */
export interface EvictSeriesResponse__Output {
  /**
   * The number of series evicted.
   */
  'evicted': (number);
}
