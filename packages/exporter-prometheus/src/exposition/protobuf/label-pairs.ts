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

/**
 * Parses `k1="v1",k2="v2",` back into pairs: values escaped with `\\`, `\"`, `\n`; a name
 * outside the legacy charset quoted and escaped the same way (`"http.route"="/a",`).
 */
export function parseBlock(block: string): LabelPair[] {
  const pairs: LabelPair[] = [];
  let i = 0;
  while (i < block.length) {
    let name: string;
    if (block[i] === '"') {
      const quoted = readQuoted(block, i);
      name = quoted.text;
      i = quoted.end + 1; // past `=`
    } else {
      const eq = block.indexOf('="', i);
      name = block.slice(i, eq);
      i = eq + 1;
    }
    const value = readQuoted(block, i);
    pairs.push({ name, value: value.text });
    i = value.end + 1; // past `,`
  }
  return pairs;
}

/** The escaped string opening with the `"` at `start`, and the index just past its closing `"`. */
function readQuoted(block: string, start: number): { text: string; end: number } {
  let text = '';
  let j = start + 1;
  for (; block[j] !== '"'; j++) {
    const c = block[j]!;
    if (c === '\\') {
      const next = block[++j]!;
      text += next === 'n' ? '\n' : next;
    } else {
      text += c;
    }
  }
  return { text, end: j + 1 };
}
