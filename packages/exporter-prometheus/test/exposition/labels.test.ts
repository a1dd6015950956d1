import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { labelBlock, omitsEmptyLabel, reservedLabels } from '../../src/exposition/labels.js';

const histogram = reservedLabels('histogram', true);

describe('labelBlock', () => {
  it('sorts, sanitises and escapes the labels of a set, and builds each set of a shape alike', () => {
    const a = { 'http.route': '/a"b', method: 'GET', code: 200, ok: true };
    const b = { 'http.route': 'x\\y\nz', method: 'POST', code: 404, ok: false };
    expect(labelBlock(a)).toBe('code="200",http_route="/a\\"b",method="GET",ok="true",');
    expect(labelBlock(b)).toBe('code="404",http_route="x\\\\y\\nz",method="POST",ok="false",');
    // The same set again, and the first one after the second: nothing left from the last call.
    expect(labelBlock(b)).toBe('code="404",http_route="x\\\\y\\nz",method="POST",ok="false",');
    expect(labelBlock(a)).toBe('code="200",http_route="/a\\"b",method="GET",ok="true",');
  });

  it('gives the same block whatever the order of the keys', () => {
    expect(labelBlock({ b: '2', a: '1' })).toBe('a="1",b="2",');
    expect(labelBlock({ a: '1', b: '2' })).toBe('a="1",b="2",');
  });

  it('renames reserved labels per reserved set, on sets of one shape', () => {
    const set = { le: '0.5', otel_scope_name: 'x' };
    expect(labelBlock(set, histogram)).toBe('exported_le="0.5",exported_otel_scope_name="x",');
    expect(labelBlock(set)).toBe('le="0.5",otel_scope_name="x",');
    expect(labelBlock({ le: '1', otel_scope_name: 'y' }, histogram)).toBe(
      'exported_le="1",exported_otel_scope_name="y",',
    );
  });

  it('joins colliding keys, writes arrays as JSON and leaves out empty values', () => {
    expect(labelBlock({ 'a.b': '1', a_b: '2' })).toBe('a_b="1;2",');
    expect(labelBlock({ 'a.b': '3', a_b: '4' })).toBe('a_b="3;4",');
    expect(labelBlock({ list: ['x', 'y'], k: 'v' })).toBe('k="v",list="[\\"x\\",\\"y\\"]",');
    const empty = { k: 'v', gone: '' };
    const full = { k: 'v', gone: 'here' };
    expect(labelBlock(full)).toBe('gone="here",k="v",');
    expect(omitsEmptyLabel(full)).toBe(false);
    expect(labelBlock(empty)).toBe('k="v",');
    expect(omitsEmptyLabel(empty)).toBe(true);
  });

  it('quotes and escapes names with a UTF-8 naming', () => {
    const utf8 = reservedLabels('gauge', false, 'allow-utf-8');
    expect(labelBlock({ 'http.route': '/', code: '200' }, utf8)).toBe(
      'code="200","http.route"="/",',
    );
    const dots = reservedLabels('gauge', false, 'dots');
    expect(labelBlock({ 'http.route': '/', code: '200' }, dots)).toBe(
      'code="200",http_dot_route="/",',
    );
  });

  it('builds sets of many shapes in one family alike', () => {
    const sets: Attributes[] = [];
    for (let i = 0; i < 20; i++) sets.push({ [`k${i}`]: `v${i}`, z: i });
    for (let round = 0; round < 2; round++) {
      sets.forEach((set, i) => expect(labelBlock(set)).toBe(`k${i}="v${i}",z="${i}",`));
    }
  });

  it('reads own keys only', () => {
    const set = Object.create({ inherited: 'no' }) as Attributes;
    set.own = 'yes';
    expect(labelBlock(set)).toBe('own="yes",');
  });
});
