import { describe, expect, it } from 'vitest';
import { compileMatchers, matchesAll } from '../../src/query/matchers.js';

describe('compileMatchers', () => {
  it('accepts the usual PromQL regular expressions', () => {
    for (const value of ['5..', 'GET|POST', '/api/.*', '(eu|us)-(east|west)-[0-9]+', '.+']) {
      expect(compileMatchers([{ name: 'a', type: 'MATCH_TYPE_REGEX', value }])).toHaveLength(1);
    }
  });

  it('anchors regular expressions at both ends, as PromQL', () => {
    const [m] = compileMatchers([{ name: 'a', type: 'MATCH_TYPE_REGEX', value: 'b|c' }]);
    expect(['b', 'c', 'bc', 'ab'].map((v) => m!.test(v))).toEqual([true, true, false, false]);
  });

  it('matches an absent attribute as the empty string', () => {
    const matchers = compileMatchers([{ name: 'a', type: 'MATCH_TYPE_EQUAL', value: '' }]);
    expect(matchesAll(matchers, {})).toBe(true);
    expect(matchesAll(matchers, { a: 'x' })).toBe(false);
  });

  it('compares non-string values as their text', () => {
    const matchers = compileMatchers([
      { name: 'n', type: 'MATCH_TYPE_EQUAL', value: '7' },
      { name: 'b', type: 'MATCH_TYPE_NOT_EQUAL', value: 'false' },
    ]);
    expect(matchesAll(matchers, { n: 7, b: true })).toBe(true);
  });

  it('names the matcher and field that is wrong', () => {
    expect(() =>
      compileMatchers([{ name: 'a', type: 'MATCH_TYPE_REGEX', value: '(' }], 'query.matchers'),
    ).toThrow(/^query\.matchers\[0\]\.value: invalid regular expression "\(": /);
    expect(() =>
      compileMatchers([{ name: 'a', type: 'MATCH_TYPE_REGEX', value: 'x'.repeat(1025) }]),
    ).toThrow('matchers[0].value: regular expression longer than 1024');
    expect(() =>
      compileMatchers([{ name: 'a', type: 'MATCH_TYPE_NOT_REGEX', value: '(a+)+$' }]),
    ).toThrow(
      'matchers[0].value: regular expression "(a+)+$" may take exponential time (nested quantifiers); simplify it',
    );
    expect(() =>
      compileMatchers(Array(33).fill({ name: 'a', type: 'MATCH_TYPE_EQUAL', value: '' })),
    ).toThrow('matchers: at most 32 matchers, got 33');
  });
});
