import type { Attributes } from '@opentelemetry/api';

/**
 * Reuses one frozen attribute object per label combination, so recording allocates nothing and
 * the label set of every metric stays the fixed product the recording methods' types allow.
 * Not bounded: give it only label values from closed sets (an operation, a status, a backend).
 */
export class AttributeCache {
  private readonly cache = new Map<string, Attributes>();

  /** The attributes `labels`, the same object every time for the same values in the same order. */
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
