import type { Attributes, AttributeValue } from '@opentelemetry/api';

/**
 * The identity of an attribute set: equal for equal sets whatever the order of their keys, and
 * different for sets that differ in any key, value or value type (`1` and `'1'` are two series).
 *
 * Built without `JSON.stringify` and without sorting when the keys arrive sorted (the common case:
 * call sites build their attribute objects the same way every time). A name and a plain string
 * value are written as they are, each followed by a NUL; any other value (a number, a boolean, an
 * array, or a string holding a NUL or starting with \u0001) is written as \u0001, a type tag and a
 * length-prefixed text; so is an entry whose name holds a NUL or starts with \u0001. So no
 * key or value, whatever characters it holds, can make two different sets share an identity.
 *
 * Entries whose value is `undefined` or `null` are ignored (they are not valid attribute values).
 * Returns `undefined` when an entry holds a value that is not an attribute value (an object, a
 * function): the caller drops that entry and reports it.
 */
export function attributesKey(attributes: Attributes): string | undefined {
  let key = '';
  let previous = '';
  let sorted = true;
  for (const name in attributes) {
    const value = attributes[name];
    if (value == null) continue;
    if (name < previous) sorted = false;
    previous = name;
    if (typeof value === 'string' && plain(value) && plain(name)) {
      key += name + '\u0000' + value + '\u0000';
      continue;
    }
    const part = taggedPart(name, value);
    if (part === undefined) return undefined;
    key += part;
  }
  return sorted ? key : sortedKey(attributes);
}

/** A string written as is: no NUL in it, and not starting with the tag marker. */
function plain(value: string): boolean {
  return value.charCodeAt(0) !== 1 && value.indexOf('\u0000') === -1;
}

function sortedKey(attributes: Attributes): string {
  let key = '';
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    if (value == null) continue;
    if (typeof value === 'string' && plain(value) && plain(name)) {
      key += name + '\u0000' + value + '\u0000';
    } else {
      key += taggedPart(name, value)!;
    }
  }
  return key;
}

/** The fully tagged form of one entry (see {@link attributesKey}). */
function taggedPart(name: string, value: AttributeValue): string | undefined {
  const text = valuePart(value);
  if (text === undefined) return undefined;
  return '\u0001' + name.length + ':' + name + text + '\u0000';
}

function valuePart(value: AttributeValue): string | undefined {
  switch (typeof value) {
    case 'string':
      return 's' + value.length + ':' + value;
    case 'number':
      return 'n' + value + ';';
    case 'boolean':
      return value ? 'T' : 'F';
    default:
      if (Array.isArray(value)) return arrayPart(value);
      return undefined;
  }
}

function arrayPart(values: readonly unknown[]): string | undefined {
  for (const item of values) {
    if (item != null && !isPrimitive(item)) return undefined;
  }
  const text = JSON.stringify(values);
  return 'a' + text.length + ':' + text;
}

function isPrimitive(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * The attribute set a series keeps and exports: a frozen copy of the valid entries, in the order
 * the first recording gave them (as the SDK exports them), so later changes to the caller's object
 * cannot change a recorded series.
 */
export function frozenAttributes(attributes: Attributes): Attributes {
  // A spread copy keeps the source's layout: the copy of an object literal holds exactly its
  // properties (48 bytes for three), where an object filled key by key has room for four (56).
  // Taken when it is the whole copy: no symbol keys, no nullish values, no arrays to freeze.
  const spread: Attributes = { ...attributes };
  let plain = Object.getOwnPropertySymbols(spread).length === 0;
  for (const name in spread) {
    const value = spread[name];
    if (value == null || Array.isArray(value)) {
      plain = false;
      break;
    }
  }
  if (plain) return Object.freeze(spread);
  const copy: Attributes = {};
  for (const name of Object.keys(spread)) {
    const value = spread[name];
    if (value == null) continue;
    copy[name] = Array.isArray(value) ? Object.freeze([...value]) : value;
  }
  return Object.freeze(copy);
}

/** The valid entries of `attributes` (see {@link attributesKey}); the rest are dropped. */
export function validAttributes(attributes: Attributes): Attributes {
  const copy: Attributes = {};
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (value == null) continue;
    if (valuePart(value) !== undefined) copy[name] = value;
  }
  return copy;
}
