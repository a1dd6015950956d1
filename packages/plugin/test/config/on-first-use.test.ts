import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { onFirstUse } from '../../src/config/on-first-use.js';
import { portSchema } from '../../src/config/ranges.js';

describe('onFirstUse', () => {
  it('builds once, at the first use, and then acts as what it built', () => {
    let builds = 0;
    const value = onFirstUse(() => {
      builds++;
      return { a: 1, nested: { b: 2 }, f: () => 3 };
    });
    expect(builds).toBe(0);
    expect(value.a).toBe(1);
    expect(value.f()).toBe(3);
    expect('nested' in value).toBe(true);
    expect(Object.keys(value)).toEqual(['a', 'nested', 'f']);
    expect({ ...value }).toEqual({ a: 1, nested: { b: 2 }, f: value.f });
    value.a = 5;
    expect(value.a).toBe(5);
    expect(builds).toBe(1);
  });
});

describe('portSchema (built at its first use)', () => {
  const fresh = z.number().int().min(0).max(65535);

  it('accepts and rejects what a port schema does, with its message', () => {
    for (const port of [0, 80, 65535]) expect(portSchema.parse(port)).toBe(port);
    for (const bad of [-1, 65536, 1.5, '80', null]) {
      expect(fresh.safeParse(bad).success).toBe(false);
      expect(portSchema.safeParse(bad).error?.issues[0]?.message).toBe(
        'expected a port number (an integer 0-65535)',
      );
    }
  });

  it('composes as a schema: in an object, optional, with a default', () => {
    const schema = z.object({ a: portSchema, b: portSchema.optional(), c: portSchema.default(9) });
    expect(schema.parse({ a: 1 })).toEqual({ a: 1, c: 9 });
    expect(schema.safeParse({ a: 70000 }).error?.issues[0]?.path).toEqual(['a']);
    expect(portSchema instanceof z.ZodNumber).toBe(true);
  });
});
