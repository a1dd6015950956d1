// Original file: proto/meterline/metrics/v1/types.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The value of one attribute (an OpenTelemetry attribute value; arrays are sent as their JSON text
 * in `string_value` and cannot be recorded).
 */
export interface AttributeValue {
  /**
   * A string value.
   */
  'stringValue'?: (string);
  /**
   * A boolean value.
   */
  'boolValue'?: (boolean);
  /**
   * An integer value (within JavaScript's safe integer range, |n| <= 2^53-1, when recorded).
   */
  'intValue'?: (number | string | Long);
  /**
   * A floating point value.
   */
  'doubleValue'?: (number | string);
  /**
   * Exactly one must be set; an unset value in a RecordRequest is an INVALID_ARGUMENT.
   */
  'value'?: "stringValue"|"boolValue"|"intValue"|"doubleValue";
}

/**
 * The value of one attribute (an OpenTelemetry attribute value; arrays are sent as their JSON text
 * in `string_value` and cannot be recorded).
 */
export interface AttributeValue__Output {
  /**
   * A string value.
   */
  'stringValue'?: (string);
  /**
   * A boolean value.
   */
  'boolValue'?: (boolean);
  /**
   * An integer value (within JavaScript's safe integer range, |n| <= 2^53-1, when recorded).
   */
  'intValue'?: (number);
  /**
   * A floating point value.
   */
  'doubleValue'?: (number);
  /**
   * Exactly one must be set; an unset value in a RecordRequest is an INVALID_ARGUMENT.
   */
  'value'?: "stringValue"|"boolValue"|"intValue"|"doubleValue";
}
