import { TRANSLATION_STRATEGIES } from './exposition/names.js';
import type { PrometheusOptions } from './options.js';

// The common case of `exporters.prometheus` without zod: a plain object whose every key is known
// and whose every value is plainly valid gets exactly what `prometheusOptionsSchema().parse()`
// returns (the same keys in the same order, defaults applied). Anything else (an unknown key, a
// value out of range or of another type, `undefined`, a class instance, an array) gets `undefined`,
// and the SDK parses it with the schema, whose messages stay the only ones a user sees.
// Building and first running that schema cost a service ~10 ms of its start (issue 13,
// `node bench/run.mjs --only cold-start`); test/options-quick.test.ts holds the two to the same
// output on thousands of inputs.

type Check = (value: unknown) => boolean;

const bool: Check = (v) => typeof v === 'boolean';
const nonEmptyString: Check = (v) => typeof v === 'string' && v.length >= 1;
/** A whole number in [min, max]; -0 is left to the schema. */
const whole =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0) && v >= min && v <= max;
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);

/** The schema's fields in its order: [key, check, default (`undefined`: optional, no default)]. */
const FIELDS: readonly (readonly [keyof PrometheusOptions, Check, unknown])[] = [
  ['enabled', bool, true],
  ['host', nonEmptyString, '127.0.0.1'],
  ['port', whole(0, 65535), 9464],
  ['path', (v) => typeof v === 'string' && /^\/[^\s?#]*$/.test(v), '/metrics'],
  ['health', bool, true],
  ['webConfigFile', nonEmptyString, undefined],
  ['errorHandling', oneOf(['http-error', 'continue']), 'http-error'],
  ['scrapeTimeoutSeconds', (v) => typeof v === 'number' && v > 0 && v <= 300, 10],
  ['maxConcurrentRenders', whole(1, 64), 1],
  ['maxConnections', whole(1, 65_536), 512],
  ['headersTimeoutMillis', whole(100, 600_000), 10_000],
  ['requestTimeoutMillis', whole(100, 600_000), 30_000],
  ['keepAliveTimeoutMillis', whole(100, 600_000), 30_000],
  ['idleTimeoutMillis', whole(1000, 3_600_000), 60_000],
  ['maxInFlight', whole(1, 1024), 64],
  ['gzip', bool, true],
  ['logRequests', bool, false],
  ['translationStrategy', oneOf(TRANSLATION_STRATEGIES), 'UnderscoreEscapingWithSuffixes'],
  ['unitSuffixes', bool, true],
  ['baseUnits', bool, false],
  ['totalSuffix', bool, true],
  ['targetInfo', bool, true],
  ['scopeLabels', bool, true],
  ['exponentialClassicSchema', whole(-4, 8), 3],
  ['histogramAggregation', oneOf(['explicit', 'exponential']), 'explicit'],
  ['createdSamples', bool, true],
];
const KNOWN = new Set<string>(FIELDS.map(([key]) => key));

/**
 * `prometheusOptionsSchema().parse(section)` for a section it can vouch for, else `undefined`
 * (never an error: the schema judges everything this leaves).
 */
export function quickPrometheusOptions(section: unknown): PrometheusOptions | undefined {
  if (typeof section !== 'object' || section === null) return undefined;
  const proto = Object.getPrototypeOf(section) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Object.keys(section);
  if (keys.length !== Reflect.ownKeys(section).length) return undefined;
  for (const key of keys) if (!KNOWN.has(key)) return undefined;
  const input = section as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, check, fallback] of FIELDS) {
    const descriptor = Object.getOwnPropertyDescriptor(input, key);
    if (descriptor === undefined) {
      if (fallback !== undefined) out[key] = fallback;
      continue;
    }
    if (!('value' in descriptor) || !check(descriptor.value)) return undefined;
    out[key] = descriptor.value;
  }
  const options = out as PrometheusOptions;
  if (options.requestTimeoutMillis < options.headersTimeoutMillis) return undefined;
  return options;
}
