import type { LabelMatcher } from '@meterline/engine';
import safeRegex from 'safe-regex2';
import type { LabelMatcher__Output } from '../generated/meterline/metrics/v1/LabelMatcher.js';
import { invalidArgument } from '../status.js';

/** Longest regular expression a matcher may carry (bounds compile and match cost). */
export const MAX_REGEX_LENGTH = 1024;
/** Most matchers in one request. */
export const MAX_MATCHERS = 32;

const TYPES = {
  MATCH_TYPE_EQUAL: '=',
  MATCH_TYPE_NOT_EQUAL: '!=',
  MATCH_TYPE_REGEX: '=~',
  MATCH_TYPE_NOT_REGEX: '!~',
} as const satisfies Record<string, LabelMatcher['type']>;

/** A validated matcher, in the engine's form, with its predicate on an attribute value. */
export interface CompiledMatcher extends LabelMatcher {
  test(value: string): boolean;
}

/**
 * Validates the matchers of a request and compiles their regular expressions (anchored at both
 * ends, as PromQL's).
 * @throws GrpcStatusError INVALID_ARGUMENT naming the matcher (`matchers[1].value: …`).
 */
export function compileMatchers(
  matchers: readonly LabelMatcher__Output[],
  field = 'matchers',
): CompiledMatcher[] {
  if (matchers.length > MAX_MATCHERS) {
    throw invalidArgument(field, `at most ${MAX_MATCHERS} matchers, got ${matchers.length}`);
  }
  return matchers.map((m, i) => {
    const at = `${field}[${i}]`;
    if (m.name === '') throw invalidArgument(`${at}.name`, 'must not be empty');
    const type = TYPES[m.type as keyof typeof TYPES];
    if (type === undefined) {
      throw invalidArgument(`${at}.type`, 'must be EQUAL, NOT_EQUAL, REGEX or NOT_REGEX');
    }
    if (type === '=' || type === '!=') {
      const equal = type === '=';
      return { name: m.name, type, value: m.value, test: (v) => (v === m.value) === equal };
    }
    if (m.value.length > MAX_REGEX_LENGTH) {
      throw invalidArgument(`${at}.value`, `regular expression longer than ${MAX_REGEX_LENGTH}`);
    }
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${m.value})$`);
    } catch (error) {
      throw invalidArgument(
        `${at}.value`,
        `invalid regular expression ${JSON.stringify(m.value)}: ${(error as Error).message}`,
      );
    }
    // JavaScript regular expressions backtrack: a nested quantifier such as (a+)+ can take
    // exponential time on one attribute value and stall the service. Those are refused.
    if (!safeRegex(regex)) {
      throw invalidArgument(
        `${at}.value`,
        `regular expression ${JSON.stringify(m.value)} may take exponential time (nested quantifiers); simplify it`,
      );
    }
    const match = type === '=~';
    return { name: m.name, type, value: m.value, test: (v) => regex.test(v) === match };
  });
}

/** The attribute value a matcher sees: strings as they are, others as text, absent as ''. */
export function matcherValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/** True when every matcher matches `attributes`. */
export function matchesAll(
  matchers: readonly CompiledMatcher[],
  attributes: Readonly<Record<string, unknown>>,
): boolean {
  return matchers.every((m) => m.test(matcherValue(attributes[m.name])));
}
