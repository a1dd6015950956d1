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
  '1': '',
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
 * The unit's suffix words, per the Collector's translator (`buildUnitSuffixes`): `[main, per]`,
 * `s` -> `['seconds', '']`, `By/s` -> `['bytes', 'per_second']`, `1` -> `['', '']` (the caller
 * makes gauges `_ratio`). Each side is trimmed; a side with `{…}` in it adds nothing; unknown
 * units pass through with their case. With `escape`, characters outside `[a-zA-Z0-9:]` become `_`
 * (runs collapsed, no leading `_`).
 */
export function unitSuffixes(unit: string, escape = true): [string, string] {
  const slash = unit.indexOf('/');
  const mainUnit = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  const perUnit = slash < 0 ? '' : unit.slice(slash + 1).trim();
  let main = mainUnit !== '' && !/[{}]/.test(mainUnit) ? (UNIT_WORDS[mainUnit] ?? mainUnit) : '';
  let per =
    perUnit !== '' && !/[{}]/.test(perUnit) ? `per_${PER_UNIT_WORDS[perUnit] ?? perUnit}` : '';
  if (escape) {
    main = cleanUp(main);
    per = cleanUp(per);
  }
  if (per === 'per_' || per === 'per') per = '';
  return [main.replace(/_+$/, ''), per.replace(/_+$/, '')];
}

/** The whole unit suffix, `main_per` (`bytes_per_second`), or '' when the unit adds nothing. */
export function unitSuffix(unit: string): string {
  return unitSuffixes(unit)
    .filter((w) => w !== '')
    .join('_');
}

function cleanUp(word: string): string {
  return word.replace(/[^a-zA-Z0-9:]+/g, '_').replace(/^_/, '');
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
