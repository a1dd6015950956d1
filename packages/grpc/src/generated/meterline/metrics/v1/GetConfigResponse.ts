// Original file: proto/meterline/metrics/v1/admin_service.proto


/**
 * The configuration in force.
 */
export interface GetConfigResponse {
  /**
   * The resolved configuration as JSON; every secret (passwords, tokens, header values, URL
   * credentials) replaced by `<redacted>`.
   */
  'configJson'?: (string);
}

/**
 * The configuration in force.
 */
export interface GetConfigResponse__Output {
  /**
   * The resolved configuration as JSON; every secret (passwords, tokens, header values, URL
   * credentials) replaced by `<redacted>`.
   */
  'configJson': (string);
}
