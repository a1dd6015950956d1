import type { Attributes } from '@opentelemetry/api';
import { attributeToString, escapeLabelValue } from './escape.js';
import { sanitizeLabelName } from './names.js';

/**
 * The label block of an attribute set: `k1="v1",k2="v2",` (with a trailing comma, or '' when
 * empty), ready to be followed by more labels or the closing brace. Sanitised keys that collide
 * (`a.b` and `a_b`) are joined with `;` in key order, per the OTel compatibility spec.
 *
 * Cached per attribute object: the SDK hands out the same object for a series on every
 * collection, so a stable series costs one WeakMap lookup per scrape.
 */
export function labelBlock(attributes: Attributes): string {
  let block = cache.get(attributes);
  if (block === undefined) {
    block = buildBlock(attributes);
    cache.set(attributes, block);
  }
  return block;
}

const cache = new WeakMap<Attributes, string>();

function buildBlock(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  const byLabel = new Map<string, string[]>();
  for (const key of keys.sort()) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    const label = sanitizeLabelName(key);
    const values = byLabel.get(label);
    if (values) values.push(attributeToString(value));
    else byLabel.set(label, [attributeToString(value)]);
  }
  // Joined, not appended: `+=` would keep a chain of string pieces alive for as long as the
  // block is cached (about 3x the memory of the one flat string `join` makes).
  const parts: string[] = [];
  for (const [label, values] of byLabel) {
    parts.push(`${label}="${escapeLabelValue(values.join(';'))}",`);
  }
  return parts.join('');
}

/** Labels built from fixed pairs (scope labels, target_info), same format as {@link labelBlock}. */
export function pairsBlock(pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (const [label, value] of pairs) out += `${label}="${escapeLabelValue(value)}",`;
  return out;
}

/** `{block}` without the trailing comma, or '' for no labels. */
export function braces(block: string): string {
  return block === '' ? '' : `{${block.slice(0, -1)}}`;
}
