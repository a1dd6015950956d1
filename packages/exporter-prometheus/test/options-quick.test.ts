import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { prometheusOptionsSchema } from '../src/options.js';
import { quickPrometheusOptions } from '../src/options-quick.js';
import { seededRandom as random } from '../../../test/support/seeded-random.js';

// quickPrometheusOptions is the plug-in's zod-free parse of the common case; the schema is the
// oracle. On every input: either it answers undefined (the schema then judges), or the schema
// accepts the input and returns the same object, key for key in the same order.

/** Values to try per key: valid ones, edges, and wrong types. */
const CANDIDATES: Record<string, readonly unknown[]> = {
  enabled: [true, false, 'true', 0],
  host: ['127.0.0.1', '::', '', ' ', 7],
  port: [0, 1, 9464, 65535, 65536, -1, 1.5, -0, '9464', NaN, Infinity],
  path: ['/metrics', '/', '/m/x', 'metrics', '/a b', '/a?b', '/a#b', '', 1],
  health: [true, false, null],
  webConfigFile: ['web.yml', '', 3],
  errorHandling: ['http-error', 'continue', 'ignore'],
  scrapeTimeoutSeconds: [10, 0.5, 300, 300.5, 0, -1, -0, Infinity, NaN, '10'],
  maxConcurrentRenders: [1, 64, 65, 0, 2.5],
  maxConnections: [1, 512, 65_536, 65_537, 0],
  headersTimeoutMillis: [100, 10_000, 600_000, 99, 600_001, 100.5],
  requestTimeoutMillis: [100, 30_000, 600_000, 99, 5_000],
  keepAliveTimeoutMillis: [100, 30_000, 2 ** 31, 99.9],
  idleTimeoutMillis: [1000, 60_000, 3_600_000, 999, 3_600_001],
  maxInFlight: [1, 64, 1024, 1025, 0],
  gzip: [true, false, 1],
  logRequests: [true, false, 'no'],
  translationStrategy: [
    'UnderscoreEscapingWithSuffixes',
    'UnderscoreEscapingWithoutSuffixes',
    'NoUTF8EscapingWithSuffixes',
    'NoTranslation',
    'Underscore',
  ],
  unitSuffixes: [true, false],
  baseUnits: [true, false],
  totalSuffix: [true, false],
  targetInfo: [true, false],
  scopeLabels: [true, false],
  exponentialClassicSchema: [-4, 0, 3, 8, 9, -5, 1.5],
  histogramAggregation: ['explicit', 'exponential', 'native'],
  createdSamples: [true, false],
  // Not a key of the schema.
  prot: [9000],
};
const KEYS = Object.keys(CANDIDATES);

/** Sections of 0-6 keys, each value a candidate; mostly valid values, so both paths are taken. */
function sections(count: number, seed: number): Record<string, unknown>[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const section: Record<string, unknown> = {};
    const size = Math.floor(next() * 7);
    for (let k = 0; k < size; k++) {
      const key = pick(KEYS);
      if (key === 'prot' && next() < 0.8) continue;
      const values = CANDIDATES[key]!;
      // Two draws in three from the key's first (valid) values.
      section[key] =
        next() < 0.67 ? values[Math.floor(next() * Math.min(3, values.length))] : pick(values);
    }
    out.push(section);
  }
  return out;
}

/** Keys in order with each value, so that the order is compared too. */
const ordered = (value: object) => Object.entries(value);

function agree(input: unknown): 'quick' | 'schema' {
  const quick = quickPrometheusOptions(input);
  const parsed = prometheusOptionsSchema().safeParse(input);
  if (quick === undefined) return 'schema';
  expect(
    parsed.success,
    `the schema rejects what the quick parse accepted: ${inspect(input)}`,
  ).toBe(true);
  expect(ordered(quick)).toStrictEqual(ordered(parsed.data!));
  return 'quick';
}

describe('quickPrometheusOptions against prometheusOptionsSchema', () => {
  it('gives the schema output, defaults and key order included, or leaves the input to it (5000 sections)', () => {
    const taken = { quick: 0, schema: 0 };
    for (const section of sections(5000, 13)) taken[agree(section)]++;
    // Both paths ran often: the comparison is not vacuous.
    expect(taken.quick).toBeGreaterThan(500);
    expect(taken.schema).toBeGreaterThan(500);
  });

  it('answers the common sections itself', () => {
    for (const section of [{}, { port: 0 }, { port: 9464, host: '0.0.0.0' }, { enabled: false }]) {
      expect(agree(section)).toBe('quick');
    }
  });

  it('leaves to the schema what is not a plain object of known keys', () => {
    class Options {
      port = 0;
    }
    const withSymbol = { port: 0, [Symbol('s')]: 1 };
    const hidden = Object.defineProperty({ port: 0 }, 'gzip', { value: false, enumerable: false });
    const getter = Object.defineProperty({}, 'port', { get: () => 0, enumerable: true });
    const inherited = Object.create({ port: 0 }) as object;
    for (const input of [
      null,
      undefined,
      0,
      'x',
      [],
      [1],
      new Options(),
      withSymbol,
      hidden,
      getter,
      inherited,
      { port: undefined },
      { prot: 9000 },
      { requestTimeoutMillis: 5_000 },
      { headersTimeoutMillis: 40_000 },
      { headersTimeoutMillis: 40_000, requestTimeoutMillis: 40_000 },
      Object.assign(Object.create(null) as object, { port: 0 }),
    ]) {
      expect(quickPrometheusOptions(input) === undefined || agree(input) === 'quick').toBe(true);
      agree(input);
    }
    expect(quickPrometheusOptions(new Options())).toBeUndefined();
    expect(quickPrometheusOptions({ prot: 9000 })).toBeUndefined();
    expect(quickPrometheusOptions({ port: undefined })).toBeUndefined();
    expect(quickPrometheusOptions({ requestTimeoutMillis: 5_000 })).toBeUndefined();
  });
});
