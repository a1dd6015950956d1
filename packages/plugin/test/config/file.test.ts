import { describe, expect, it } from 'vitest';
import { parseYamlLayer } from '../../src/config/file.js';

describe('parseYamlLayer', () => {
  const text = [
    'service:',
    '  name: svc',
    'metrics:',
    '  views:',
    '    - instrument: a',
    '    - instrument: b',
    '      buckets: [1, 2]',
    '',
  ].join('\n');

  it('parses a mapping into a plain layer', () => {
    const file = parseYamlLayer(text, 'm.yaml');
    expect(file.problems).toEqual([]);
    expect(file.layer).toEqual({
      service: { name: 'svc' },
      metrics: { views: [{ instrument: 'a' }, { instrument: 'b', buckets: [1, 2] }] },
    });
  });

  it('locates values, list items and keys by line and column', () => {
    const file = parseYamlLayer(text, 'm.yaml');
    expect(file.locate(['service', 'name'])).toBe('m.yaml:2:9');
    expect(file.locate(['metrics', 'views', 1, 'buckets'])).toBe('m.yaml:7:16');
    expect(file.locate(['metrics', 'views', 1], 'buckets')).toBe('m.yaml:7:7');
  });

  it('points at the nearest parent when the key is absent', () => {
    const file = parseYamlLayer(text, 'm.yaml');
    expect(file.locate(['service', 'version'])).toBe('m.yaml:2:3');
    expect(file.locate(['metrics', 'views', 0, 'preset'])).toBe('m.yaml:5:7');
  });

  it('treats an empty file as an empty layer', () => {
    const file = parseYamlLayer('# nothing here\n', 'm.yaml');
    expect(file.problems).toEqual([]);
    expect(file.layer).toEqual({});
  });

  it('reports a syntax error at its line and column', () => {
    const file = parseYamlLayer('service:\n  name: a\nmetrics: x: y\n', 'm.yaml');
    expect(file.layer).toEqual({});
    expect(file.problems).toEqual([
      {
        source: 'm.yaml:3:10',
        key: '',
        message: 'YAML syntax error: Nested mappings are not allowed in compact mappings',
      },
    ]);
  });

  it('reports a scalar at the top level', () => {
    const file = parseYamlLayer('just text\n', 'm.yaml');
    expect(file.layer).toEqual({});
    expect(file.problems).toEqual([
      { source: 'm.yaml:1:1', key: '', message: 'expected a mapping at the top level' },
    ]);
  });
});
