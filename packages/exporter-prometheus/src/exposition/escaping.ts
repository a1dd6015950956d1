/**
 * How names outside the legacy character set reach a scraper, from the `escaping` parameter of
 * the `Accept` range it chose (Prometheus 3 sends `escaping=allow-utf-8`), as client_golang does:
 * - `allow-utf-8`: served as they are, quoted where the legacy syntax cannot hold them
 *   (`{"http.server.duration",code="200"} 1`);
 * - `underscores` (the default, and what older scrapers get): each invalid character becomes `_`;
 * - `dots`: `.` becomes `_dot_`, `_` becomes `__`, any other invalid character `__`;
 * - `values`: `U__` then the name with `_` doubled and each invalid character as `_<hex>_`.
 * Names of the default strategy are legacy names already, so this only matters for the UTF-8
 * translation strategies.
 */
export type NameEscaping = 'allow-utf-8' | 'underscores' | 'dots' | 'values';

const SCHEMES: readonly NameEscaping[] = ['allow-utf-8', 'underscores', 'dots', 'values'];

/** The scheme an `escaping` parameter asks for; unknown or absent means `underscores`. */
export function escapingOf(parameter: string | undefined): NameEscaping {
  return SCHEMES.find((s) => s === parameter) ?? 'underscores';
}

/** `[a-zA-Z_:][a-zA-Z0-9_:]*` */
export function isLegacyMetricName(name: string): boolean {
  return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name);
}

/** A metric name as `scheme` writes it (unquoted: quoting is the writer's business). */
export function escapeMetricName(name: string, scheme: NameEscaping): string {
  if (scheme === 'allow-utf-8' || isLegacyMetricName(name)) return name;
  return escapeWith(name, scheme, (c, i) => /[a-zA-Z_:]/.test(c) || (i > 0 && /[0-9]/.test(c)));
}

function escapeWith(
  name: string,
  scheme: Exclude<NameEscaping, 'allow-utf-8'>,
  legacy: (c: string, i: number) => boolean,
): string {
  const chars = [...name];
  switch (scheme) {
    case 'underscores':
      return chars.map((c, i) => (legacy(c, i) ? c : '_')).join('');
    case 'dots':
      return chars
        .map((c, i) => (c === '.' ? '_dot_' : c === '_' ? '__' : legacy(c, i) ? c : '__'))
        .join('');
    case 'values':
      return `U__${chars
        .map((c, i) =>
          c === '_' ? '__' : legacy(c, i) ? c : `_${c.codePointAt(0)!.toString(16)}_`,
        )
        .join('')}`;
  }
}

/** `[a-zA-Z_][a-zA-Z0-9_]*` */
export function isLegacyLabelName(name: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

/**
 * A label name as `scheme` writes it: kept with `allow-utf-8` (quoted by the writer when it is not
 * a legacy name), else escaped like a metric name but without `:`.
 */
export function escapeLabelName(name: string, scheme: NameEscaping): string {
  if (name === '') return '_';
  if (scheme === 'allow-utf-8' || isLegacyLabelName(name)) return name;
  return escapeWith(name, scheme, (c, i) => /[a-zA-Z_]/.test(c) || (i > 0 && /[0-9]/.test(c)));
}

/** A metric name in a `# TYPE`/`# HELP`/`# UNIT` line: quoted when it is not a legacy name. */
export function metadataName(name: string): string {
  return isLegacyMetricName(name) ? name : quoteName(name);
}

/**
 * A series name with its labels: `name{pairs}` or, for a name only UTF-8 can hold,
 * `{"name",pairs}`; `pairs` is a label block without its trailing comma (`k="v",k2="v2"`).
 * `seriesName(name, '')` is the whole series name without labels.
 */
export function seriesName(name: string, pairs: string): string {
  if (isLegacyMetricName(name)) return pairs === '' ? name : `${name}{${pairs}}`;
  return pairs === '' ? `{${quoteName(name)}}` : `{${quoteName(name)},${pairs}}`;
}

/** `"name"`, escaped like a label value. */
export function quoteName(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
