import { describe, expect, it } from 'vitest';
import {
  BUCKET_PRESETS,
  BUCKET_PRESET_NAMES,
  DEFAULT_UNIT_PRESETS,
  resolveBuckets,
} from '../src/buckets.js';

describe('resolveBuckets', () => {
  it('turns the latency preset into seconds from 1 ms to 10 s', () => {
    expect(resolveBuckets('latency')).toEqual([
      0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
  });

  it('turns latency-ms into the same set in milliseconds', () => {
    expect(resolveBuckets('latency-ms')).toEqual(
      BUCKET_PRESETS.latency.map((s) => Math.round(s * 1000)),
    );
  });

  it('turns the wait preset into seconds from 100 ms to 10 min', () => {
    expect(resolveBuckets('wait')).toEqual([0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600]);
  });

  it('turns the bytes preset into powers of four from 64 B to 1 GiB', () => {
    const bytes = resolveBuckets('bytes');
    expect(bytes).toHaveLength(13);
    expect(bytes).toEqual(bytes.map((_, i) => 64 * 4 ** i));
    expect(bytes[bytes.length - 1]).toBe(1024 ** 3);
  });

  it('returns a copy, so callers cannot change a preset', () => {
    const first = resolveBuckets('wait');
    first.push(1e9);
    expect(resolveBuckets('wait')).toHaveLength(10);
  });

  it('passes a strictly increasing list through as a copy', () => {
    const spec = [-1, 0, 0.5, 2];
    const resolved = resolveBuckets(spec);
    expect(resolved).toEqual([-1, 0, 0.5, 2]);
    expect(resolved).not.toBe(spec);
    expect(resolveBuckets([])).toEqual([]);
  });

  it('rejects a repeated boundary naming the pair and its index', () => {
    expect(() => resolveBuckets([1, 2, 2])).toThrow(
      'bucket boundaries must increase strictly: 2 then 2 at index 2',
    );
  });

  it('rejects a decreasing boundary', () => {
    expect(() => resolveBuckets([5, 1])).toThrow(
      'bucket boundaries must increase strictly: 5 then 1 at index 1',
    );
  });

  it('rejects boundaries that are not finite', () => {
    expect(() => resolveBuckets([1, Infinity])).toThrow(
      'bucket boundary Infinity at index 1 is not finite',
    );
    expect(() => resolveBuckets([NaN])).toThrow('bucket boundary NaN at index 0 is not finite');
  });

  it('accepts every built-in preset', () => {
    for (const name of BUCKET_PRESET_NAMES) {
      expect(resolveBuckets(name)).toEqual([...BUCKET_PRESETS[name]]);
    }
  });
});

describe('preset tables', () => {
  it('names every preset', () => {
    expect(BUCKET_PRESET_NAMES).toEqual(['latency', 'latency-ms', 'wait', 'bytes']);
  });

  it('maps seconds, milliseconds and bytes to their presets', () => {
    expect(DEFAULT_UNIT_PRESETS).toEqual({ s: 'latency', ms: 'latency-ms', By: 'bytes' });
  });
});
