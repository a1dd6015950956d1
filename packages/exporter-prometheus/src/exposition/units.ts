/**
 * UCUM units to Prometheus unit words, per the OpenTelemetry-to-Prometheus compatibility spec.
 * Units not listed pass through sanitised; `{annotations}` are dropped.
 */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  // time
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  // bytes
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  // SI
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/**
 * The Prometheus suffix for a UCUM unit, without the leading underscore: `s` -> `seconds`,
 * `By/s` -> `bytes_per_second`, `1` -> '' (handled as `ratio` for gauges by the caller),
 * `{request}` -> ''. Returns '' when the unit adds nothing.
 */
export function unitSuffix(unit: string): string {
  const stripped = unit.replace(/\{[^}]*\}/g, '').trim();
  if (stripped === '' || stripped === '1') return '';
  const slash = stripped.indexOf('/');
  if (slash >= 0) {
    const main = stripped.slice(0, slash);
    const per = stripped.slice(slash + 1);
    const mainWord = main === '' || main === '1' ? '' : (UNIT_WORDS[main] ?? sanitizeUnit(main));
    const perWord = PER_UNIT_WORDS[per] ?? UNIT_WORDS[per] ?? sanitizeUnit(per);
    if (!perWord) return mainWord;
    return mainWord ? `${mainWord}_per_${perWord}` : `per_${perWord}`;
  }
  return UNIT_WORDS[stripped] ?? sanitizeUnit(stripped);
}

function sanitizeUnit(unit: string): string {
  return unit
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** How to turn values of a non-base unit into the base unit Prometheus conventions ask for. */
export interface BaseUnitConversion {
  /** The UCUM base unit the values become (`s`, `By`). */
  readonly baseUnit: string;
  /** Divide by this (exact for powers of ten: 12 ms / 1000 = 0.012). */
  readonly divide: number;
  /** Then multiply by this. */
  readonly multiply: number;
}

const CONVERSIONS: Readonly<Record<string, BaseUnitConversion>> = {
  ms: { baseUnit: 's', divide: 1e3, multiply: 1 },
  us: { baseUnit: 's', divide: 1e6, multiply: 1 },
  ns: { baseUnit: 's', divide: 1e9, multiply: 1 },
  min: { baseUnit: 's', divide: 1, multiply: 60 },
  h: { baseUnit: 's', divide: 1, multiply: 3600 },
  d: { baseUnit: 's', divide: 1, multiply: 86400 },
  KiBy: { baseUnit: 'By', divide: 1, multiply: 1024 },
  MiBy: { baseUnit: 'By', divide: 1, multiply: 1024 ** 2 },
  GiBy: { baseUnit: 'By', divide: 1, multiply: 1024 ** 3 },
  KBy: { baseUnit: 'By', divide: 1, multiply: 1e3 },
  MBy: { baseUnit: 'By', divide: 1, multiply: 1e6 },
  GBy: { baseUnit: 'By', divide: 1, multiply: 1e9 },
};

/** The conversion of a unit to its base unit, or undefined when it is one already. */
export function baseUnitConversion(unit: string): BaseUnitConversion | undefined {
  return CONVERSIONS[unit.trim()];
}
