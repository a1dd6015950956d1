// Original file: proto/meterline/metrics/v1/admin_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Delivery accounting of one push exporter (OTLP, InfluxDB, file), totals since start-up.
 */
export interface Delivery {
  /**
   * The exporter plug-in, for example `otlp`.
   */
  'exporter'?: (string);
  /**
   * Where it pushes (without credentials).
   */
  'endpoints'?: (string)[];
  /**
   * Why this flush failed (secrets masked); empty when it succeeded.
   */
  'flushError'?: (string);
  /**
   * True when the exporter keeps delivery accounting; the counts below are then set.
   */
  'hasAccounting'?: (boolean);
  /**
   * Data points in exports the receiver acknowledged (rejected ones included).
   */
  'pointsExported'?: (number | string | Long);
  /**
   * Data points in exports that failed.
   */
  'pointsFailed'?: (number | string | Long);
  /**
   * Data points the receiver rejected in a partial success.
   */
  'pointsRejected'?: (number | string | Long);
  /**
   * Exports that succeeded.
   */
  'exportsSucceeded'?: (number | string | Long);
  /**
   * Exports that failed.
   */
  'exportsFailed'?: (number | string | Long);
  /**
   * Failed exports by reason (`timeout`, `http_503`, `unavailable`, ...).
   */
  'failuresByReason'?: ({[key: string]: number | string | Long});
  /**
   * The reason of the latest export, when it failed; empty otherwise.
   */
  'failingReason'?: (string);
}

/**
 * Delivery accounting of one push exporter (OTLP, InfluxDB, file), totals since start-up.
 */
export interface Delivery__Output {
  /**
   * The exporter plug-in, for example `otlp`.
   */
  'exporter': (string);
  /**
   * Where it pushes (without credentials).
   */
  'endpoints': (string)[];
  /**
   * Why this flush failed (secrets masked); empty when it succeeded.
   */
  'flushError': (string);
  /**
   * True when the exporter keeps delivery accounting; the counts below are then set.
   */
  'hasAccounting': (boolean);
  /**
   * Data points in exports the receiver acknowledged (rejected ones included).
   */
  'pointsExported': (number);
  /**
   * Data points in exports that failed.
   */
  'pointsFailed': (number);
  /**
   * Data points the receiver rejected in a partial success.
   */
  'pointsRejected': (number);
  /**
   * Exports that succeeded.
   */
  'exportsSucceeded': (number);
  /**
   * Exports that failed.
   */
  'exportsFailed': (number);
  /**
   * Failed exports by reason (`timeout`, `http_503`, `unavailable`, ...).
   */
  'failuresByReason': ({[key: string]: number});
  /**
   * The reason of the latest export, when it failed; empty otherwise.
   */
  'failingReason': (string);
}
