// Original file: proto/meterline/metrics/v1/types.proto

import type { MatchType as _meterline_metrics_v1_MatchType, MatchType__Output as _meterline_metrics_v1_MatchType__Output } from '../../../meterline/metrics/v1/MatchType.js';

/**
 * A PromQL-style matcher on one attribute key (as recorded, not sanitized). Regular expressions
 * are JavaScript regular expressions of at most 1024 characters; one with nested quantifiers
 * (exponential backtracking, such as `(a+)+`) is an INVALID_ARGUMENT.
 */
export interface LabelMatcher {
  /**
   * The attribute key; must not be empty.
   */
  'name'?: (string);
  /**
   * How to compare.
   */
  'type'?: (_meterline_metrics_v1_MatchType);
  /**
   * The value or the regular expression.
   */
  'value'?: (string);
}

/**
 * A PromQL-style matcher on one attribute key (as recorded, not sanitized). Regular expressions
 * are JavaScript regular expressions of at most 1024 characters; one with nested quantifiers
 * (exponential backtracking, such as `(a+)+`) is an INVALID_ARGUMENT.
 */
export interface LabelMatcher__Output {
  /**
   * The attribute key; must not be empty.
   */
  'name': (string);
  /**
   * How to compare.
   */
  'type': (_meterline_metrics_v1_MatchType__Output);
  /**
   * The value or the regular expression.
   */
  'value': (string);
}
