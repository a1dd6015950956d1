// Original file: proto/meterline/metrics/v1/metrics_service.proto


/**
 * What was recorded.
 */
export interface RecordResponse {
  /**
   * The number of measurements recorded (all of the request's).
   */
  'recorded'?: (number);
  /**
   * Instruments created by this request.
   */
  'created'?: (string)[];
}

/**
 * What was recorded.
 */
export interface RecordResponse__Output {
  /**
   * The number of measurements recorded (all of the request's).
   */
  'recorded': (number);
  /**
   * Instruments created by this request.
   */
  'created': (string)[];
}
