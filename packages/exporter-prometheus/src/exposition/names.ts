import { baseUnitConversion, unitSuffix, type BaseUnitConversion } from './units.js';

/** How OTel names become Prometheus names; each rule can be turned off. */
export interface NamingOptions {
  /** Append the unit (`_seconds`, `_bytes`, `_ratio` for gauges of unit `1`) when missing. @default true */
  readonly unitSuffixes?: boolean;
  /** Append `_total` to monotonic sums when missing. @default true */
  readonly totalSuffix?: boolean;
  /**
   * Convert values in `ms`, `us`, `ns`, `min`, `h`, `d` to seconds and `KiBy`, `MBy`, … to bytes,
   * as Prometheus conventions ask (`promtool check metrics` flags `_milliseconds`). @default true
   */
  readonly baseUnits?: boolean;
}

/** The kind of a metric family as Prometheus sees it. */
export type FamilyKind = 'counter' | 'gauge' | 'histogram';

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
 * Maps an OTel instrument name to Prometheus names, per the OTel-to-Prometheus compatibility
 * rules: invalid characters become `_` (runs collapsed), a leading digit gets a `_` prefix, the unit
 * is appended unless the name already ends with it, and monotonic sums end in `_total`. A name the
 * service already gave in Prometheus form (`message_processing_duration_seconds`) comes out as is.
 */
export function familyNames(
  name: string,
  unit: string,
  kind: FamilyKind,
  options: NamingOptions = {},
): FamilyNames {
  const conversion = (options.baseUnits ?? true) ? baseUnitConversion(unit) : undefined;
  if (conversion) unit = conversion.baseUnit;
  let base = sanitizeMetricName(name);
  const hasTotal = base.endsWith('_total');
  if (kind === 'counter' && hasTotal) base = base.slice(0, -'_total'.length);
  let word = unitSuffix(unit);
  if (word === '' && unit.trim() === '1' && kind === 'gauge') word = 'ratio';
  if ((options.unitSuffixes ?? true) && word !== '' && !endsWithWord(base, word)) {
    base = `${base}_${word}`;
  }
  // OpenMetrics: `# UNIT` only when the family name ends in `_<unit>`.
  const unitWord = word !== '' && base.endsWith(`_${word}`) ? word : '';
  if (kind === 'counter') {
    const addTotal = (options.totalSuffix ?? true) || hasTotal;
    return { family: base, sample: addTotal ? `${base}_total` : base, unit: unitWord, conversion };
  }
  return { family: base, sample: base, unit: unitWord, conversion };
}

function endsWithWord(name: string, word: string): boolean {
  return name === word || name.endsWith(`_${word}`);
}

/** `[a-zA-Z_:][a-zA-Z0-9_:]*`: invalid runs become one `_`, a leading digit gets a `_` prefix. */
export function sanitizeMetricName(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_:]+/g, '_').replace(/__+/g, '_');
  if (out === '') out = '_';
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/**
 * `[a-zA-Z_][a-zA-Z0-9_]*`: invalid characters become `_`, a leading digit gets `key_`, and names
 * starting with `__` (reserved for Prometheus) get `key` in front.
 */
export function sanitizeLabelName(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_]+/g, '_');
  if (out === '') out = '_';
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  else if (out.startsWith('__')) out = `key${out}`;
  return out;
}
