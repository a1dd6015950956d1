import { describe, expect, it } from 'vitest';
import { compileMatchers, labelValue, MAX_MATCHER_REGEX_LENGTH } from '../src/label-matchers.js';

describe('label matchers', () => {
  it('see attribute values as the exposition writes them, an absent one as the empty string', () => {
    const attributes = { code: 200, ok: true, tags: ['a', 'b'], route: '/x' };
    expect(labelValue(attributes, 'code')).toBe('200');
    expect(labelValue(attributes, 'ok')).toBe('true');
    expect(labelValue(attributes, 'tags')).toBe('["a","b"]');
    expect(labelValue(attributes, 'route')).toBe('/x');
    expect(labelValue(attributes, 'missing')).toBe('');
    const test = compileMatchers([
      { name: 'code', type: '=~', value: '2..' },
      { name: 'missing', type: '=', value: '' },
      { name: 'ok', type: '!=', value: 'false' },
    ]);
    expect(test(attributes)).toBe(true);
    expect(test({ ...attributes, code: 500 })).toBe(false);
  });

  it('take a regular expression up to the bound, and no longer', () => {
    const longest = 'a'.repeat(MAX_MATCHER_REGEX_LENGTH);
    expect(compileMatchers([{ name: 'x', type: '=~', value: longest }])({ x: longest })).toBe(true);
    expect(() => compileMatchers([{ name: 'x', type: '!~', value: `${longest}a` }])).toThrow(
      SyntaxError,
    );
  });

  it('reject an empty label name, naming the matcher', () => {
    expect(() => compileMatchers([{ name: '', type: '=', value: 'x' }])).toThrow(
      'matcher 0 (""="x"): the label name is empty',
    );
  });
});
