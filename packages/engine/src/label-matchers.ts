import type { Attributes } from '@opentelemetry/api';
import type { LabelMatcher } from './admin-types.js';

/**
 * Longest regular expression a matcher may carry. JavaScript's regex engine backtracks, so a
 * pattern like `(a+)+$` can take exponential time on a hostile label value (ReDoS); the admin API
 * is reachable from the network, and the patterns run against every series of an instrument in
 * the event loop. Bounding the length does not make backtracking safe, but it caps what one
 * request can ask for, the way Prometheus caps a query's size.
 */
export const MAX_MATCHER_REGEX_LENGTH = 1024;

/** Whether a series' attributes satisfy one compiled matcher. */
type Test = (attributes: Attributes) => boolean;

/**
 * The value a matcher sees for attribute `name`: strings as they are, numbers and booleans as
 * `String()` writes them, arrays as JSON (as the Prometheus exposition writes them), and the empty
 * string for an absent attribute (PromQL's rule: `{team=""}` selects series without `team`).
 */
export function labelValue(attributes: Attributes, name: string): string {
  const value = attributes[name];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/**
 * Compiles PromQL-style matchers into one predicate that is true when every matcher holds (no
 * matcher: always true). Regular expressions are anchored at both ends, as PromQL's are.
 * @throws SyntaxError naming the matcher when its type is unknown, its regular expression does
 *   not compile, or is longer than {@link MAX_MATCHER_REGEX_LENGTH}.
 */
export function compileMatchers(matchers: readonly LabelMatcher[]): Test {
  const tests = matchers.map(compileMatcher);
  return (attributes) => tests.every((test) => test(attributes));
}

function compileMatcher(matcher: LabelMatcher, index: number): Test {
  const { name, type, value } = matcher;
  const shown = `matcher ${index} (${JSON.stringify(name ?? '')}${type ?? '?'}${JSON.stringify(value ?? '').slice(0, 80)})`;
  if (typeof name !== 'string' || name === '') {
    throw new SyntaxError(`${shown}: the label name is empty`);
  }
  if (typeof value !== 'string') throw new SyntaxError(`${shown}: the value is not a string`);
  switch (type) {
    case '=':
      return (attributes) => labelValue(attributes, name) === value;
    case '!=':
      return (attributes) => labelValue(attributes, name) !== value;
    case '=~':
    case '!~': {
      const regex = compileRegex(value, shown);
      const positive = type === '=~';
      return (attributes) => regex.test(labelValue(attributes, name)) === positive;
    }
    default:
      throw new SyntaxError(`${shown}: unknown matcher type, expected one of = != =~ !~`);
  }
}

function compileRegex(pattern: string, shown: string): RegExp {
  if (pattern.length > MAX_MATCHER_REGEX_LENGTH) {
    throw new SyntaxError(
      `${shown}: the regular expression has ${pattern.length} characters, more than the ${MAX_MATCHER_REGEX_LENGTH} allowed`,
    );
  }
  try {
    // Compiled alone first: a pattern with unbalanced groups such as `a)|(b` would otherwise
    // compile inside the anchoring group and escape it. The `u` flag makes the syntax strict.
    new RegExp(pattern, 'u');
    // Anchored like PromQL: `=~"a|b"` means the whole value is a or b.
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (error) {
    throw new SyntaxError(`${shown}: ${(error as Error).message}`);
  }
}
