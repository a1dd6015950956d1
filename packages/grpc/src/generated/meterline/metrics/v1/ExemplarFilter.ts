// Original file: proto/meterline/metrics/v1/admin_service.proto

/**
 * Which measurements may become exemplars.
 */
export const ExemplarFilter = {
  /**
   * Not set: an INVALID_ARGUMENT.
   */
  EXEMPLAR_FILTER_UNSPECIFIED: 'EXEMPLAR_FILTER_UNSPECIFIED',
  /**
   * Only measurements made in a sampled trace (the OpenTelemetry default).
   */
  EXEMPLAR_FILTER_TRACE_BASED: 'EXEMPLAR_FILTER_TRACE_BASED',
  /**
   * Every measurement.
   */
  EXEMPLAR_FILTER_ALWAYS_ON: 'EXEMPLAR_FILTER_ALWAYS_ON',
  /**
   * None.
   */
  EXEMPLAR_FILTER_ALWAYS_OFF: 'EXEMPLAR_FILTER_ALWAYS_OFF',
} as const;

/**
 * Which measurements may become exemplars.
 */
export type ExemplarFilter =
  /**
   * Not set: an INVALID_ARGUMENT.
   */
  | 'EXEMPLAR_FILTER_UNSPECIFIED'
  | 0
  /**
   * Only measurements made in a sampled trace (the OpenTelemetry default).
   */
  | 'EXEMPLAR_FILTER_TRACE_BASED'
  | 1
  /**
   * Every measurement.
   */
  | 'EXEMPLAR_FILTER_ALWAYS_ON'
  | 2
  /**
   * None.
   */
  | 'EXEMPLAR_FILTER_ALWAYS_OFF'
  | 3

/**
 * Which measurements may become exemplars.
 */
export type ExemplarFilter__Output = typeof ExemplarFilter[keyof typeof ExemplarFilter]
