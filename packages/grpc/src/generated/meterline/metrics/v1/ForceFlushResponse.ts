// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { Delivery as _meterline_metrics_v1_Delivery, Delivery__Output as _meterline_metrics_v1_Delivery__Output } from '../../../meterline/metrics/v1/Delivery.js';

/**
 * The outcome of a flush.
 */
export interface ForceFlushResponse {
  /**
   * One entry per push exporter; empty when the service has none.
   */
  'deliveries'?: (_meterline_metrics_v1_Delivery)[];
}

/**
 * The outcome of a flush.
 */
export interface ForceFlushResponse__Output {
  /**
   * One entry per push exporter; empty when the service has none.
   */
  'deliveries': (_meterline_metrics_v1_Delivery__Output)[];
}
