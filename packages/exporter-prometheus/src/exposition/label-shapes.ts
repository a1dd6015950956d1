import type { Attributes } from '@opentelemetry/api';
import { escapeLabelValue, needsEscape } from './escape.js';
import { isLegacyLabelName, quoteName } from './escaping.js';

/**
 * The label block of an attribute set of a known *shape* (its keys, in the order the object
 * holds them), built from the shape's precomputed label names and the set's values.
 *
 * The series of an instrument nearly always share one shape, so the work `labelBlock` would do
 * per set (sorting the keys, sanitising each into a label name, the `exported_` rule) is done once
 * per shape, and a block costs its values' escape check and a few concatenations. Nothing is kept
 * per attribute set: a cached block per series cost about 100 bytes of heap per series (the
 * string and its weak-map entry), a third of what prom-client keeps for a whole series.
 */
interface Shape {
  /** The keys in the object's own order. */
  readonly keys: readonly string[];
  /** The keys in block order (sorted). */
  readonly sorted: readonly string[];
  /** Per key in block order: `name="` (`,` between pairs comes with the previous value's `",`). */
  readonly prefixes: readonly string[];
}

/** Shapes per reserved-label set id, most recent first. */
const shapes = new Map<string, Shape[]>();
/** Shapes remembered per reserved-label set: a family of more shapes takes the slow path too. */
const MAX_SHAPES = 8;

/**
 * The block of `attributes` (`k1="v1",k2="v2",`, sorted by key) when the fast path can build it,
 * else undefined: the caller then builds it the general way. The fast path takes sets whose values
 * are all non-empty strings, numbers or booleans and whose keys make distinct labels; everything
 * else (arrays, nulls, empty values, colliding keys) gets undefined.
 *
 * `label(key, context)` turns a key into its label name (sanitised or escaped, `exported_`
 * applied); for a given `id` it must depend on the key alone.
 */
export function shapedBlock<C>(
  attributes: Attributes,
  id: string,
  label: (key: string, context: C) => string,
  context: C,
): string | undefined {
  let known = shapes.get(id);
  if (known === undefined) {
    known = [];
    shapes.set(id, known);
  }
  let shape: Shape | undefined;
  for (let i = 0; i < known.length; i++) {
    if (fits(known[i]!, attributes)) {
      shape = known[i]!;
      break;
    }
  }
  if (shape === undefined) {
    shape = compile(attributes, (key) => label(key, context));
    if (shape === undefined) return undefined;
    if (known.length >= MAX_SHAPES) known.pop();
    known.unshift(shape);
  }
  let out = '';
  for (let p = 0; p < shape.sorted.length; p++) {
    const value = attributes[shape.sorted[p]!];
    let text: string;
    if (typeof value === 'string') {
      if (value === '') return undefined;
      text = escapeLabelValue(value);
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      text = String(value);
    } else {
      return undefined;
    }
    out += `${shape.prefixes[p]!}${text}",`;
  }
  return out;
}

/** Whether `attributes` has exactly the shape's keys, in its order. */
function fits(shape: Shape, attributes: Attributes): boolean {
  const keys = shape.keys;
  let i = 0;
  for (const key in attributes) {
    if (key !== keys[i++]) return false;
  }
  return i === keys.length;
}

/** The shape of `attributes`, or undefined when its keys do not make distinct labels. */
function compile(attributes: Attributes, label: (key: string) => string): Shape | undefined {
  const keys: string[] = [];
  // Own keys only, as the general path reads them: an inherited enumerable key never fits.
  for (const key in attributes) keys.push(key);
  if (keys.length !== Object.keys(attributes).length) return undefined;
  const sorted = [...keys].sort();
  const prefixes = prefixesOf(sorted, label);
  return prefixes && { keys, sorted, prefixes };
}

/**
 * Per key in block order, its label's `name="`; undefined when two keys make one label (the
 * general path joins their values).
 */
function prefixesOf(
  sorted: readonly string[],
  label: (key: string) => string,
): string[] | undefined {
  const labels = sorted.map(label);
  if (new Set(labels).size !== labels.length) return undefined;
  return labels.map((l) => `${isLegacyLabelName(l) ? l : quoteName(l)}="`);
}

/**
 * How to write the pairs of a key-held series (see the engine's `PointSource.keyAt`): per label in
 * block order, the position of its value in the key and what comes before the value: `name="`
 * for the first, `",name="` for the others.
 */
interface KeyShape {
  readonly order: readonly number[];
  readonly openers: readonly string[];
}

/** Key shapes per names array (the engine's, one per storage) and reserved-label set id. */
const keyShapes = new WeakMap<readonly string[], Map<string, KeyShape | null>>();
/** The values of the last key split, reused. */
const parts: string[] = [];

/**
 * The pairs of the attribute set whose values are `key` (in `names` order, joined by NUL, each as
 * `String(value)`), as {@link shapedBlock} writes that set but without the trailing comma (the
 * block is this plus `,`), without building the set; or undefined when the fast path cannot write
 * it (keys that do not make distinct labels, an empty value): the caller then builds the set and
 * takes the general way. Without the comma, because a line's `{...}` wants the pairs alone, and
 * cutting the comma off a concatenated block (`slice`) first copies it into one flat string.
 */
export function keyedPairs<C>(
  key: string,
  names: readonly string[],
  id: string,
  label: (key: string, context: C) => string,
  context: C,
): string | undefined {
  let byId = keyShapes.get(names);
  if (byId === undefined) {
    byId = new Map();
    keyShapes.set(names, byId);
  }
  let shape = byId.get(id);
  if (shape === undefined) {
    shape = compileKeyShape(names, (name) => label(name, context));
    byId.set(id, shape);
  }
  if (shape === null) return undefined;
  const last = names.length - 1;
  let from = 0;
  for (let i = 0; i < last; i++) {
    const end = key.indexOf('\u0000', from);
    if (end < 0) return undefined;
    parts[i] = key.slice(from, end);
    from = end + 1;
  }
  parts[last] = key.slice(from);
  const { order, openers } = shape;
  // One check of the whole key (its NULs need no escaping) instead of one per value.
  const escape = needsEscape(key);
  let out = '';
  for (let p = 0; p <= last; p++) {
    const value = parts[order[p]!]!;
    if (value === '') return undefined;
    out += `${openers[p]!}${escape ? escapeLabelValue(value) : value}`;
  }
  return `${out}"`;
}

function compileKeyShape(
  names: readonly string[],
  label: (name: string) => string,
): KeyShape | null {
  const sorted = [...names].sort();
  const prefixes = prefixesOf(sorted, label);
  if (prefixes === undefined) return null;
  return {
    order: sorted.map((name) => names.indexOf(name)),
    openers: prefixes.map((prefix, p) => (p === 0 ? prefix : `",${prefix}`)),
  };
}
