// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * Switch an instrument on or off.
 */
export interface SetInstrumentEnabledRequest {
  /**
   * The instrument name.
   */
  'instrument'?: (string);
  /**
   * False: drop its recordings and stop exporting its series; true: record again from zero.
   */
  'enabled'?: (boolean);
}

/**
 * Switch an instrument on or off.
 */
export interface SetInstrumentEnabledRequest__Output {
  /**
   * The instrument name.
   */
  'instrument': (string);
  /**
   * False: drop its recordings and stop exporting its series; true: record again from zero.
   */
  'enabled': (boolean);
}
