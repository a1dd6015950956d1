import type { Attributes } from '@opentelemetry/api';
import { labelBlock, type ReservedLabels } from '../labels.js';

/** `io.prometheus.client.LabelPair`. */
export interface LabelPair {
  readonly name: string;
  readonly value: string;
}

const caches = new Map<string, WeakMap<Attributes, readonly LabelPair[]>>();

/**
 * The labels of an attribute set as the text formats write them (same sanitising, `;` joining,
 * `exported_` rule and empty values left out: one series has one identity in every format), as
 * label pairs. Read back from the text path's cached label block, and cached per attribute object
 * the same way, so a stable series costs one lookup per scrape.
 */
export function labelPairs(attributes: Attributes, reserved: ReservedLabels): readonly LabelPair[] {
  let cache = caches.get(reserved.id);
  if (cache === undefined) {
    cache = new WeakMap();
    caches.set(reserved.id, cache);
  }
  let pairs = cache.get(attributes);
  if (pairs === undefined) {
    pairs = parseBlock(labelBlock(attributes, reserved));
    cache.set(attributes, pairs);
  }
  return pairs;
}

/** Parses `k1="v1",k2="v2",` (values escaped with `\\`, `\"`, `\n`) back into pairs. */
export function parseBlock(block: string): LabelPair[] {
  const pairs: LabelPair[] = [];
  let i = 0;
  while (i < block.length) {
    const eq = block.indexOf('="', i);
    const name = block.slice(i, eq);
    let value = '';
    let j = eq + 2;
    for (; block[j] !== '"'; j++) {
      const c = block[j]!;
      if (c === '\\') {
        const next = block[++j]!;
        value += next === 'n' ? '\n' : next;
      } else {
        value += c;
      }
    }
    pairs.push({ name, value });
    i = j + 2; // past `",`
  }
  return pairs;
}
