import { millisToHrTime as coreMillisToHrTime } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { millisToHrTime } from '../src/hr-time.js';

// The oracle is @opentelemetry/core's own millisToHrTime: the engine's must give the same
// [seconds, nanoseconds] for every input, rounding and sign included.
describe('millisToHrTime', () => {
  const values = [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    0.0000005,
    0.0000015,
    -0.0000015,
    999.9999994,
    999.9999995,
    -999.9999995,
    1000,
    -1000,
    1234.5678,
    -1234.5678,
    Date.now(),
    Date.now() + 0.123456,
    performance.timeOrigin,
    performance.timeOrigin + performance.now(),
    1e15 + 0.25,
    -1e15 - 0.75,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e21,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON,
  ];
  // A deterministic spread of fractional, negative and huge values (bounded loop, fixed seed).
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 5000; i++) {
    const magnitude = 10 ** Math.floor(next() * 17 - 3);
    values.push((next() - 0.5) * 2 * magnitude);
  }

  it('equals @opentelemetry/core over many values', () => {
    for (const value of values) {
      expect(millisToHrTime(value), String(value)).toEqual(coreMillisToHrTime(value));
    }
  });

  it('gives the same for non-finite input', () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      expect(millisToHrTime(value)).toEqual(coreMillisToHrTime(value));
    }
  });
});
