// Original file: proto/meterline/metrics/v1/metrics_service.proto


/**
 * Which instruments to list.
 */
export interface ListInstrumentsRequest {
  /**
   * Only instruments whose name starts with this prefix; empty: all.
   */
  'namePrefix'?: (string);
}

/**
 * Which instruments to list.
 */
export interface ListInstrumentsRequest__Output {
  /**
   * Only instruments whose name starts with this prefix; empty: all.
   */
  'namePrefix': (string);
}
