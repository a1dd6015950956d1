import { describe, expect, it } from 'vitest';
import { familyNames, sanitizeLabelName, sanitizeMetricName } from '../../src/exposition/names.js';
import { unitSuffix } from '../../src/exposition/units.js';

describe('unitSuffix', () => {
  it.each([
    ['s', 'seconds'],
    ['ms', 'milliseconds'],
    ['By', 'bytes'],
    ['KiBy', 'kibibytes'],
    ['By/s', 'bytes_per_second'],
    ['{request}/s', 'per_second'],
    ['{request}', ''],
    ['1', ''],
    ['%', 'percent'],
    ['Cel', 'celsius'],
    ['widgets', 'widgets'],
  ])('%s -> %s', (unit, suffix) => {
    expect(unitSuffix(unit)).toBe(suffix);
  });
});

describe('familyNames', () => {
  it.each([
    [
      'http.server.duration',
      's',
      'histogram',
      'http_server_duration_seconds',
      'http_server_duration_seconds',
      'seconds',
    ],
    [
      'message_processing_duration_seconds',
      's',
      'histogram',
      'message_processing_duration_seconds',
      'message_processing_duration_seconds',
      'seconds',
    ],
    ['messages_received', '', 'counter', 'messages_received', 'messages_received_total', ''],
    ['messages_received_total', '', 'counter', 'messages_received', 'messages_received_total', ''],
    ['bytes_sent', 'By', 'counter', 'bytes_sent_bytes', 'bytes_sent_bytes_total', 'bytes'],
    ['sent_bytes', 'By', 'counter', 'sent_bytes', 'sent_bytes_total', 'bytes'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio', 'cpu_utilization_ratio', 'ratio'],
    ['hodei_workers_total', '', 'gauge', 'hodei_workers_total', 'hodei_workers_total', ''],
    ['queue.depth', '{item}', 'gauge', 'queue_depth', 'queue_depth', ''],
  ] as const)('%s (%s, %s)', (name, unit, kind, family, sample, unitWord) => {
    expect(familyNames(name, unit, kind)).toEqual({ family, sample, unit: unitWord });
  });

  it('leaves names alone when both suffix rules are off, except a _total already there', () => {
    expect(
      familyNames('jobs', 's', 'counter', { unitSuffixes: false, totalSuffix: false }),
    ).toEqual({
      family: 'jobs',
      sample: 'jobs',
      unit: '',
    });
    expect(familyNames('jobs_total', '', 'counter', { totalSuffix: false }).sample).toBe(
      'jobs_total',
    );
  });
});

describe('sanitize', () => {
  it('makes metric names valid', () => {
    expect(sanitizeMetricName('a.b-c//d')).toBe('a_b_c_d');
    expect(sanitizeMetricName('9lives')).toBe('_9lives');
    expect(sanitizeMetricName('ns:name')).toBe('ns:name');
  });

  it('makes label names valid and keeps __ for Prometheus', () => {
    expect(sanitizeLabelName('http.method')).toBe('http_method');
    expect(sanitizeLabelName('0day')).toBe('key_0day');
    expect(sanitizeLabelName('__name__')).toBe('key__name__');
    expect(sanitizeLabelName('a:b')).toBe('a_b');
  });
});
