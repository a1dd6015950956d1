/**
 * A character a label value must escape. One object for every call: a regular expression literal
 * in the function would be a new object each time it runs (one per label value per scrape).
 * Without the `g` flag, `test` keeps no state between calls.
 */
const NEEDS_ESCAPE = /[\\"\n]/;

/** Whether `text` holds a character {@link escapeLabelValue} escapes. */
export function needsEscape(text: string): boolean {
  return NEEDS_ESCAPE.test(text);
}

/** Escapes a label value: `\` -> `\\`, `"` -> `\"`, newline -> `\n` (both formats). */
export function escapeLabelValue(value: string): string {
  return NEEDS_ESCAPE.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
    : value;
}

/**
 * Escapes `# HELP` text: text 0.0.4 escapes `\` and newline; OpenMetrics also `"`.
 */
export function escapeHelp(text: string, openMetrics: boolean): string {
  let out = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  if (openMetrics) out = out.replace(/"/g, '\\"');
  return out;
}

/** A sample value: `NaN`, `+Inf`, `-Inf`, or the shortest round-trip decimal. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * A number in OpenMetrics canonical form, for `le` (and `quantile`) label values: what Go's
 * `strconv.FormatFloat(v, 'g', -1, 64)` writes, with `.0` added to a bare integer (`1` -> `1.0`,
 * `0.005`, `100000.0`, `1e+06`, `1e-05`, `+Inf`). It is the form client_golang and the Python
 * client write and the one Prometheus 3 normalizes `le` to on ingestion, so Prometheus 2.53 and 3.5
 * store the same series for a bucket.
 */
export function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) return formatValue(value);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // toExponential() without digits gives the shortest round-trip mantissa, as Go's -1 precision.
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  // Between 1e-4 and 1e6 JavaScript writes plain decimals too, and the same shortest digits.
  const plain = String(value);
  return plain.includes('.') ? plain : `${plain}.0`;
}

/** An attribute value as a label value: arrays as JSON, everything else as a string. */
export function attributeToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}
