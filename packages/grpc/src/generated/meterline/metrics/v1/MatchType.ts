// Original file: proto/meterline/metrics/v1/types.proto

/**
 * How a label matcher compares an attribute's value.
 */
export const MatchType = {
  /**
   * Not set: an INVALID_ARGUMENT.
   */
  MATCH_TYPE_UNSPECIFIED: 'MATCH_TYPE_UNSPECIFIED',
  /**
   * `=`: the value equals `value` (an absent attribute counts as the empty string).
   */
  MATCH_TYPE_EQUAL: 'MATCH_TYPE_EQUAL',
  /**
   * `!=`: the value differs from `value`.
   */
  MATCH_TYPE_NOT_EQUAL: 'MATCH_TYPE_NOT_EQUAL',
  /**
   * `=~`: the value matches the regular expression `value`, anchored at both ends as in PromQL.
   */
  MATCH_TYPE_REGEX: 'MATCH_TYPE_REGEX',
  /**
   * `!~`: the value does not match the regular expression `value` (anchored).
   */
  MATCH_TYPE_NOT_REGEX: 'MATCH_TYPE_NOT_REGEX',
} as const;

/**
 * How a label matcher compares an attribute's value.
 */
export type MatchType =
  /**
   * Not set: an INVALID_ARGUMENT.
   */
  | 'MATCH_TYPE_UNSPECIFIED'
  | 0
  /**
   * `=`: the value equals `value` (an absent attribute counts as the empty string).
   */
  | 'MATCH_TYPE_EQUAL'
  | 1
  /**
   * `!=`: the value differs from `value`.
   */
  | 'MATCH_TYPE_NOT_EQUAL'
  | 2
  /**
   * `=~`: the value matches the regular expression `value`, anchored at both ends as in PromQL.
   */
  | 'MATCH_TYPE_REGEX'
  | 3
  /**
   * `!~`: the value does not match the regular expression `value` (anchored).
   */
  | 'MATCH_TYPE_NOT_REGEX'
  | 4

/**
 * How a label matcher compares an attribute's value.
 */
export type MatchType__Output = typeof MatchType[keyof typeof MatchType]
