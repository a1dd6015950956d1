import { baseUnitConversion, unitSuffixes, type BaseUnitConversion } from './units.js';

/**
 * Prometheus 3's OTLP translation strategies, which Meterline follows for the names it serves, so
 * an instrument has one name whether it is pulled or pushed (over OTLP into a Collector or
 * Prometheus with the same strategy):
 * - `UnderscoreEscapingWithSuffixes`: legacy names (`[a-zA-Z_:][a-zA-Z0-9_:]*`), unit and `_total`
 *   suffixes: the OTel compatibility spec and the Collector's translator;
 * - `UnderscoreEscapingWithoutSuffixes`: legacy names, nothing appended;
 * - `NoUTF8EscapingWithSuffixes`: names as given (UTF-8), with the suffixes;
 * - `NoTranslation`: names as given.
 * UTF-8 names reach scrapers that ask for them (`escaping=allow-utf-8`); the others get them
 * escaped (see `escaping.ts`).
 */
export type TranslationStrategy =
  | 'UnderscoreEscapingWithSuffixes'
  | 'UnderscoreEscapingWithoutSuffixes'
  | 'NoUTF8EscapingWithSuffixes'
  | 'NoTranslation';

/** The strategies, for validation. */
export const TRANSLATION_STRATEGIES: readonly TranslationStrategy[] = [
  'UnderscoreEscapingWithSuffixes',
  'UnderscoreEscapingWithoutSuffixes',
  'NoUTF8EscapingWithSuffixes',
  'NoTranslation',
];

/** How OTel names become Prometheus names. */
export interface NamingOptions {
  /** See {@link TranslationStrategy}. @default 'UnderscoreEscapingWithSuffixes' */
  readonly translationStrategy?: TranslationStrategy;
  /** With a `WithSuffixes` strategy: append the unit (`_seconds`, `_ratio` for gauges of `1`). @default true */
  readonly unitSuffixes?: boolean;
  /** With a `WithSuffixes` strategy: append `_total` to monotonic sums. @default true */
  readonly totalSuffix?: boolean;
  /**
   * Convert values in `ms`, `us`, `ns`, `min`, `h`, `d` to seconds and `KiBy`, `MBy`, … to bytes
   * (`_seconds`, `_bytes`), as Prometheus conventions ask. Off by default: the same instrument
   * pushed over OTLP keeps its unit (`_milliseconds`), and one instrument should have one name.
   * @default false
   */
  readonly baseUnits?: boolean;
}

/** The kind of a metric family as Prometheus sees it. */
export type FamilyKind = 'counter' | 'gauge' | 'histogram' | 'summary';

/** What the naming rules need to know of a stream: up-down counters get no `_ratio`. */
export type StreamKind = FamilyKind | 'updowncounter';

/** A family's names: `base` for `# TYPE`/`# HELP` in OpenMetrics, `sample` for samples. */
export interface FamilyNames {
  /** OpenMetrics family name: counters without `_total`. */
  readonly family: string;
  /** Name of the samples (`foo_total` for counters; `foo` + `_bucket` … for histograms). */
  readonly sample: string;
  /** The unit word if the family name ends with it (for `# UNIT`), else ''. */
  readonly unit: string;
  /** Values are written converted to the base unit with this, when set. */
  readonly conversion?: BaseUnitConversion;
}

/**
 * Maps an OTel instrument name to Prometheus names with the chosen strategy. The default,
 * `UnderscoreEscapingWithSuffixes`, is the Collector's translator (`normalizeName`): the name is
 * split at every character outside `[a-zA-Z0-9:]` and the pieces joined with one `_` (so `__`
 * collapses and leading/trailing `_` go); the unit word is appended unless one of the pieces is it
 * (`request.seconds.latency` stays); `total` pieces move to the end of counters; `_ratio` ends
 * gauges (not up-down counters) of unit `1`; a leading digit gets a `_` prefix.
 */
export function familyNames(
  name: string,
  unit: string,
  kind: StreamKind,
  options: NamingOptions = {},
): FamilyNames {
  const strategy = options.translationStrategy ?? 'UnderscoreEscapingWithSuffixes';
  const conversion = options.baseUnits ? baseUnitConversion(unit) : undefined;
  if (conversion) unit = conversion.baseUnit;
  const suffixes = strategy.endsWith('WithSuffixes');
  const withUnit = suffixes && (options.unitSuffixes ?? true);
  const withTotal = suffixes && (options.totalSuffix ?? true);
  const escape = strategy.startsWith('Underscore');
  const [main, per] = unitSuffixes(unit, escape);
  const ratio = withUnit && unit === '1' && kind === 'gauge';
  const counter = kind === 'counter';

  let base: string;
  if (!escape) {
    const named = counter && withTotal ? trimSuffix(name, 'total') : name;
    base = utf8Name(named, { main: withUnit ? main : '', per: withUnit ? per : '', ratio });
  } else if (!suffixes) {
    base = sanitizeMetricName(name);
  } else {
    let tokens = metricTokens(name);
    if (withUnit) {
      if (main !== '' && !tokens.includes(main)) tokens.push(main);
      if (per !== '') tokens.push(per);
    }
    if (counter && withTotal) tokens = tokens.filter((t) => t !== 'total');
    if (ratio) tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
    base = tokens.join('_');
    if (/^[0-9]/.test(base)) base = `_${base}`;
    if (base === '') base = '_';
  }
  const unitWord = withUnit ? unitWordOf(base, main, per, ratio) : '';
  if (!counter) return { family: base, sample: base, unit: unitWord, conversion };
  if (withTotal) return { family: base, sample: `${base}_total`, unit: unitWord, conversion };
  // No `_total` appended: a name that ends in it keeps it; OpenMetrics sees the family without it.
  const family = base.endsWith('_total') ? base.slice(0, -'_total'.length) : base;
  return { family, sample: base, unit: unitWord, conversion };
}

/** OpenMetrics `# UNIT`: the unit word, when the family name ends with it. */
function unitWordOf(base: string, main: string, per: string, ratio: boolean): string {
  const word = ratio ? 'ratio' : [main, per].filter((w) => w !== '').join('_');
  return word !== '' && base.endsWith(`_${word}`) ? word : '';
}

/** The UTF-8 strategies' suffixes (otlptranslator `buildMetricName`): trimmed, then appended. */
function utf8Name(name: string, suffix: { main: string; per: string; ratio: boolean }): string {
  let out = suffix.ratio ? trimSuffix(name, 'ratio') : name;
  if (suffix.per !== '') out = trimSuffix(out, suffix.per);
  if (suffix.main !== '' && !out.endsWith(suffix.main)) out = `${out}_${suffix.main}`;
  if (suffix.per !== '') out = `${out}_${suffix.per}`;
  return suffix.ratio ? `${out}_ratio` : out;
}

function trimSuffix(name: string, suffix: string): string {
  return name.endsWith(suffix) && name.length > suffix.length + 1
    ? name.slice(0, -(suffix.length + 1))
    : name;
}

/** The pieces of a name between characters outside `[a-zA-Z0-9:]`. */
function metricTokens(name: string): string[] {
  return name.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
}

/**
 * `[a-zA-Z_:][a-zA-Z0-9_:]*` without suffix rules (`UnderscoreEscapingWithoutSuffixes`): runs of
 * invalid characters become one `_` (dropped at either end), a leading digit gets a `_` prefix.
 */
export function sanitizeMetricName(name: string): string {
  let out = name
    .split(/[^a-zA-Z0-9_:]+/)
    .filter((t) => t !== '')
    .join('_');
  if (out === '') out = '_';
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/**
 * `[a-zA-Z_][a-zA-Z0-9_]*`, the Collector's rule (`NormalizeLabel`): each invalid character becomes
 * `_` (`a__b` stays), a leading digit gets `key_`, a single leading `_` gets `key` (`_x` ->
 * `key_x`); `__x` stays as it is (an attribute `__name__` is served as `exported___name__`, see
 * `labels.ts`).
 */
export function sanitizeLabelName(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_]/g, '_');
  if (out === '') out = '_';
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  else if (out.startsWith('_') && !out.startsWith('__')) out = `key${out}`;
  return out;
}
