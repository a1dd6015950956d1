/** Minimum, median and maximum of repeated measurements (one value per fresh process). */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** How many values (processes) went in. */
  readonly n: number;
}

/** Summarises repeated measurements; throws on an empty list, which means a case never ran. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread: no values to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, n: sorted.length };
}

/** Median of a list (used inside one process over its batches). */
export function median(values: readonly number[]): number {
  return spread(values).median;
}

/** Ratio of two medians, `a / b`. */
export function ratio(a: Spread, b: Spread): number {
  return a.median / b.median;
}

/** A number with about three significant digits, grouped for reading (`1,234`, `12.3`, `0.0456`). */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** `median (min–max)`, the form every table uses. */
export function fmtSpread(s: Spread): string {
  if (s.n === 1) return fmt(s.median);
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

/**
 * A spread of whole milliseconds (autocannon's latencies): 0 means under a millisecond, and is
 * printed so rather than as `0.000`.
 */
export function fmtWholeMsSpread(s: Spread): string {
  const one = (v: number) => (v < 1 ? '< 1' : fmt(v));
  if (s.n === 1 || s.min === s.max) return one(s.median);
  return `${one(s.median)} (${one(s.min)}–${one(s.max)})`;
}

/** A ratio such as `3.4×`. */
export function fmtRatio(value: number): string {
  return `${fmt(value)}×`;
}

/** Bytes in B, KiB or MiB. */
export function fmtBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${fmt(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${fmt(bytes / 1024)} KiB`;
  return `${fmt(bytes)} B`;
}
