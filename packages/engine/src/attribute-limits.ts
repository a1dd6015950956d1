import type { Attributes } from '@opentelemetry/api';

/** Limits on the attributes of one measurement (OTel's common attribute limits). */
export interface AttributeLimits {
  /** Longest string value, in characters; longer ones are cut. */
  readonly valueLength: number;
  /** Most attributes; those past it (in insertion order) are dropped. */
  readonly count: number;
}

/** Returns `attributes` when within the limits, else a cut copy (and says so once). */
export function limitAttributes(
  attributes: Attributes,
  limits: AttributeLimits,
  onCut?: (key: string) => void,
): Attributes {
  let count = 0;
  let tooLong: string | undefined;
  for (const key in attributes) {
    count++;
    if (tooLong === undefined && exceeds(attributes[key], limits.valueLength)) tooLong = key;
  }
  if (tooLong === undefined && count <= limits.count) return attributes;
  const out: Attributes = {};
  let kept = 0;
  for (const key in attributes) {
    if (kept++ >= limits.count) break;
    out[key] = cut(attributes[key], limits.valueLength);
  }
  onCut?.(tooLong ?? Object.keys(attributes)[limits.count]!);
  return out;
}

function exceeds(value: unknown, length: number): boolean {
  if (typeof value === 'string') return value.length > length;
  return Array.isArray(value) && value.some((v) => typeof v === 'string' && v.length > length);
}

function cut<T>(value: T, length: number): T {
  if (typeof value === 'string') return cutString(value, length) as T;
  if (Array.isArray(value)) {
    return value.map((v: unknown) => (typeof v === 'string' ? cutString(v, length) : v)) as T;
  }
  return value;
}

/** Cuts at `length` UTF-16 units, never inside a surrogate pair. */
function cutString(value: string, length: number): string {
  if (value.length <= length) return value;
  const last = value.charCodeAt(length - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}
