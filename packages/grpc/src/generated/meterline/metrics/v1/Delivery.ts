// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Delivery accounting of one push exporter.
 */
export interface Delivery {
  /**
   * The exporter, for example `otlp`.
   */
  'exporter'?: (string);
  /**
   * Exports that succeeded since start.
   */
  'succeeded'?: (number | string | Long);
  /**
   * Exports that failed since start.
   */
  'failed'?: (number | string | Long);
  /**
   * Data points the exporter delivered since start.
   */
  'pointsDelivered'?: (number | string | Long);
  /**
   * Data points dropped (failed exports that were not retried) since start.
   */
  'pointsDropped'?: (number | string | Long);
  /**
   * The last export's error message; empty when it succeeded.
   */
  'lastError'?: (string);
  /**
   * When the last export ended; unset before the first.
   */
  'lastExportTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * Delivery accounting of one push exporter.
 */
export interface Delivery__Output {
  /**
   * The exporter, for example `otlp`.
   */
  'exporter': (string);
  /**
   * Exports that succeeded since start.
   */
  'succeeded': (number);
  /**
   * Exports that failed since start.
   */
  'failed': (number);
  /**
   * Data points the exporter delivered since start.
   */
  'pointsDelivered': (number);
  /**
   * Data points dropped (failed exports that were not retried) since start.
   */
  'pointsDropped': (number);
  /**
   * The last export's error message; empty when it succeeded.
   */
  'lastError': (string);
  /**
   * When the last export ended; unset before the first.
   */
  'lastExportTime': (_google_protobuf_Timestamp__Output | null);
}
