// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * A new series limit.
 */
export interface SetCardinalityLimitRequest {
  /**
   * The instrument name.
   */
  'instrument'?: (string);
  /**
   * The new limit (at least 1); 0 restores the configured limit.
   */
  'limit'?: (number);
}

/**
 * A new series limit.
 */
export interface SetCardinalityLimitRequest__Output {
  /**
   * The instrument name.
   */
  'instrument': (string);
  /**
   * The new limit (at least 1); 0 restores the configured limit.
   */
  'limit': (number);
}
