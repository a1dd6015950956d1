import type { Attributes } from '@opentelemetry/api';

/**
 * A stable identity for a point's attribute set: keys sorted, values JSON-encoded, so the same
 * attributes recorded in two workers (in any key order) land on the same merged series.
 */
export function seriesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  let key = '';
  for (const k of keys) {
    const value = attributes[k];
    if (value === undefined) continue;
    key += `${JSON.stringify(k)}:${JSON.stringify(value)},`;
  }
  return key;
}

/** The identity of one instrument stream across workers: scope, then name. */
export function metricKey(
  scopeName: string,
  scopeVersion: string | undefined,
  name: string,
): string {
  return `${scopeName}\u0000${scopeVersion ?? ''}\u0000${name}`;
}
