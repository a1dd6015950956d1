import type { Attributes } from '@opentelemetry/api';

/**
 * Reuses one frozen attribute object per label combination, so recording allocates nothing and
 * the label set of every metric stays the fixed product the types allow.
 */
export class AttributeCache {
  private readonly cache = new Map<string, Attributes>();

  get(labels: Readonly<Record<string, string>>): Attributes {
    const key = Object.values(labels).join('\u0000');
    let attributes = this.cache.get(key);
    if (!attributes) {
      attributes = Object.freeze({ ...labels });
      this.cache.set(key, attributes);
    }
    return attributes;
  }
}

/** Seconds since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
