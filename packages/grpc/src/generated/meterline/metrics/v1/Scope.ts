// Original file: proto/meterline/metrics/v1/types.proto


/**
 * The instrumentation scope (meter) that created an instrument.
 */
export interface Scope {
  /**
   * The meter name, for example `@meterline/grpc`.
   */
  'name'?: (string);
  /**
   * The meter version; empty when none was given.
   */
  'version'?: (string);
  /**
   * The meter's schema URL; empty when none was given.
   */
  'schemaUrl'?: (string);
}

/**
 * The instrumentation scope (meter) that created an instrument.
 */
export interface Scope__Output {
  /**
   * The meter name, for example `@meterline/grpc`.
   */
  'name': (string);
  /**
   * The meter version; empty when none was given.
   */
  'version': (string);
  /**
   * The meter's schema URL; empty when none was given.
   */
  'schemaUrl': (string);
}
