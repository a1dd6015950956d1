// Original file: proto/meterline/metrics/v1/types.proto

import type { AttributeValue as _meterline_metrics_v1_AttributeValue, AttributeValue__Output as _meterline_metrics_v1_AttributeValue__Output } from '../../../meterline/metrics/v1/AttributeValue.js';

/**
 * One attribute (label) of a series.
 */
export interface Attribute {
  /**
   * The attribute key as recorded, for example `http.route`.
   */
  'key'?: (string);
  /**
   * The attribute value.
   */
  'value'?: (_meterline_metrics_v1_AttributeValue | null);
}

/**
 * One attribute (label) of a series.
 */
export interface Attribute__Output {
  /**
   * The attribute key as recorded, for example `http.route`.
   */
  'key': (string);
  /**
   * The attribute value.
   */
  'value': (_meterline_metrics_v1_AttributeValue__Output | null);
}
