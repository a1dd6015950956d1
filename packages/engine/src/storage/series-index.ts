import type { Attributes } from '@opentelemetry/api';

/**
 * Series by attribute set, with a fast lane for the instrument's usual shape.
 *
 * The first series an instrument creates fixes its *shape* when it can: the attribute names in the
 * order given and the type of each value (strings, numbers, booleans only; no value with a NUL,
 * none over the value-length limit). A set of that shape is then keyed by its values alone, joined
 * with NUL into one flat string (`Array#join` builds it in one piece; a key concatenated piece by
 * piece is a tree of strings that `Map#get` must flatten on every call, which cost more than
 * everything else on the recording path). The names and types are the shape's, so values alone
 * identify the set, and a value can only be in the position of its own type: `1` and `'1'` never
 * share a key. Every other set (another shape, arrays, values that need escaping) is keyed by
 * `attributesKey` in a second map. A set of the shape arriving with its keys in another order is
 * recognised on the slow path and found in the fast map: no set is ever indexed twice.
 *
 * Because a fast-lane key determines its set, a series of the shape can keep the key alone and have
 * its set built back when read ({@link attributesOf}): see `HeldAttributes` in `sync-storage.ts`.
 */
export class SeriesIndex<S> {
  /** By the values of a set of the shape, in shape order. */
  readonly byValues = new Map<string, S>();
  /** By `attributesKey`, for every other set. */
  readonly byKey = new Map<string, S>();
  private names: string[] | undefined;
  private types: string[] | undefined;
  private values: (string | number | boolean)[] = [];

  constructor(
    /** Longest string value the fast lane takes (longer ones go where limits apply). */
    private readonly maxValueLength: number,
    /** Most attributes the fast lane takes. */
    private readonly maxCount: number,
  ) {}

  /** The names of the usual shape, in its order (one array, never changed), once it is fixed. */
  get shapeNames(): readonly string[] | undefined {
    return this.names;
  }

  get size(): number {
    return this.byValues.size + this.byKey.size;
  }

  /** Forgets every series (the shape stays: the instrument's attributes keep their names). */
  clear(): void {
    this.byValues.clear();
    this.byKey.clear();
  }

  /**
   * The fast-lane key of `attributes` when it is of the shape with its keys in shape order, else
   * undefined. No allocation besides the key itself.
   */
  inOrder(attributes: Attributes): string | undefined {
    const key = this.probe(attributes);
    return key !== undefined && this.probed() ? key : undefined;
  }

  /**
   * The recording path's look-up key: {@link inOrder}'s key without checking the values (three
   * `indexOf` scans for a NUL, about a quarter of the look-up's time in a micro-benchmark), so a
   * key to *find* a series of `byValues` with, never to create one under (see {@link probed}).
   *
   * That is collision-free: every key of `byValues` was made of checked values, so it holds
   * exactly `names.length - 1` NULs, one between each two values. The key of a set with a NUL in a
   * value holds more, so it matches none; a key without one that equals a held key has its NULs
   * at the same places, so each of its values equals the held set's value at that position (of
   * the same type, and within the length limit). An unchecked key is only ever a miss.
   */
  probe(attributes: Attributes): string | undefined {
    const names = this.names;
    if (names === undefined) return undefined;
    const types = this.types!;
    const values = this.values;
    let i = 0;
    for (const name in attributes) {
      if (name !== names[i]) return undefined;
      const value = attributes[name];
      if (typeof value !== types[i]) return undefined;
      values[i++] = value as string | number | boolean;
    }
    if (i !== names.length) return undefined;
    return values.join('\u0000');
  }

  /**
   * Whether the values the last {@link probe} that returned a key took can take the fast lane (no
   * NUL, none over the value-length limit): then that key is {@link inOrder}'s, a new series may
   * be created under it. Call before anything else uses the index.
   */
  probed(): boolean {
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value === 'string' && !this.fits(value)) return false;
    }
    return true;
  }

  /**
   * The fast-lane key of a (checked, limited) attribute set in any key order, when it is of the
   * shape; undefined otherwise. For the slow path.
   */
  anyOrder(attributes: Attributes): string | undefined {
    const names = this.names;
    if (names === undefined) return undefined;
    let count = 0;
    for (const name in attributes) if (attributes[name] != null) count++;
    if (count !== names.length) return undefined;
    const values: (string | number | boolean)[] = [];
    for (let i = 0; i < names.length; i++) {
      const value = attributes[names[i]!];
      if (typeof value !== this.types![i]) return undefined;
      if (typeof value === 'string' && !this.fits(value)) return undefined;
      values.push(value as string | number | boolean);
    }
    return values.join('\u0000');
  }

  /**
   * Called when a series is created while no shape is fixed: fixes the shape from its attribute set
   * when it has attributes and every value can take the fast lane, moves the series already held
   * that are of that shape into the fast map, and returns the set's fast-lane key. Otherwise
   * returns undefined and changes nothing (a later series may fix the shape).
   */
  decide(attributes: Attributes, flat: (key: string) => string): string | undefined {
    if (this.names !== undefined) return undefined;
    const names: string[] = [];
    const types: string[] = [];
    for (const name in attributes) {
      const value = attributes[name];
      const type = typeof value;
      if (type !== 'string' && type !== 'number' && type !== 'boolean') return undefined;
      if (type === 'string' && !this.fits(value as string)) return undefined;
      names.push(name);
      types.push(type);
    }
    if (names.length === 0 || names.length > this.maxCount) return undefined;
    this.names = names;
    this.types = types;
    this.values = new Array<string | number | boolean>(names.length);
    for (const [key, series] of this.byKey) {
      // A series of the other map holds its set itself, never a key.
      const held = (series as { held: Attributes | string }).held;
      const fast = typeof held === 'string' ? undefined : this.anyOrder(held);
      if (fast === undefined) continue;
      this.byKey.delete(key);
      this.byValues.set(flat(fast), series);
    }
    return this.inOrder(attributes);
  }

  /**
   * Whether a series of `attributes` (a set of the shape, in its order) may hold its key instead of
   * a copy of the set: {@link attributesOf} gives the set back exactly (every entry its own, not
   * inherited; no number `-0`, which the key writes as `0`), and no value is an empty string.
   * Consumers may cache what they derive from a set with an empty value by the set's object (the
   * Prometheus exposition does: such a set's label block leaves that label out, off its fast
   * path); a set built anew at each collection would be a new entry in such a cache every time.
   */
  restores(attributes: Attributes): boolean {
    for (const name in attributes) {
      if (!Object.hasOwn(attributes, name)) return false;
      const value = attributes[name];
      if (value === '' || (value === 0 && Object.is(value, -0))) return false;
    }
    return true;
  }

  /**
   * The attribute set whose fast-lane key is `key`, built anew: the shape's names in its order, each
   * value turned back into its type (a value holds no NUL, so the key splits exactly).
   */
  attributesOf(key: string): Attributes {
    const names = this.names!;
    const types = this.types!;
    const last = names.length - 1;
    const out: Attributes = {};
    let from = 0;
    for (let i = 0; i <= last; i++) {
      const end = i === last ? key.length : key.indexOf('\u0000', from);
      const text = key.slice(from, end);
      const type = types[i];
      out[names[i]!] =
        type === 'string' ? text : type === 'number' ? Number(text) : text === 'true';
      from = end + 1;
    }
    return out;
  }

  private fits(value: string): boolean {
    return value.length <= this.maxValueLength && value.indexOf('\u0000') === -1;
  }
}
