// Original file: proto/meterline/metrics/v1/types.proto

/**
 * Which view of the data a query returns.
 */
export const Temporality = {
  /**
   * Cumulative: values since each series started.
   */
  TEMPORALITY_UNSPECIFIED: 'TEMPORALITY_UNSPECIFIED',
  /**
   * Cumulative: values since each series started (the start time of each point).
   */
  TEMPORALITY_CUMULATIVE: 'TEMPORALITY_CUMULATIVE',
  /**
   * Delta: the change since the caller's previous query with the same cursor (QueryRequest.cursor)
   * or, in a Watch, since the stream's previous update. Gauges are not deltas: they carry their
   * current value in both views.
   */
  TEMPORALITY_DELTA: 'TEMPORALITY_DELTA',
} as const;

/**
 * Which view of the data a query returns.
 */
export type Temporality =
  /**
   * Cumulative: values since each series started.
   */
  | 'TEMPORALITY_UNSPECIFIED'
  | 0
  /**
   * Cumulative: values since each series started (the start time of each point).
   */
  | 'TEMPORALITY_CUMULATIVE'
  | 1
  /**
   * Delta: the change since the caller's previous query with the same cursor (QueryRequest.cursor)
   * or, in a Watch, since the stream's previous update. Gauges are not deltas: they carry their
   * current value in both views.
   */
  | 'TEMPORALITY_DELTA'
  | 2

/**
 * Which view of the data a query returns.
 */
export type Temporality__Output = typeof Temporality[keyof typeof Temporality]
