import type { Attributes, AttributeValue } from '@opentelemetry/api';

/**
 * The identity of an attribute set: equal for equal sets whatever the order of their keys, and
 * different for sets that differ in any key, value or value type (`1` and `'1'` are two series).
 *
 * Built without `JSON.stringify` and without sorting when the keys arrive sorted (the common case:
 * call sites build their attribute objects the same way every time). Keys and string values are
 * length-prefixed, so no key or value, whatever characters it holds, can make two different sets
 * share an identity.
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
    const part = valuePart(value);
    if (part === undefined) return undefined;
    if (name < previous) sorted = false;
    previous = name;
    key += name.length + ':' + name + part;
  }
  return sorted ? key : sortedKey(attributes);
}

function sortedKey(attributes: Attributes): string {
  let key = '';
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    if (value == null) continue;
    key += name.length + ':' + name + valuePart(value)!;
  }
  return key;
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
  const copy: Attributes = {};
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
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
