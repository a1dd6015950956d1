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
