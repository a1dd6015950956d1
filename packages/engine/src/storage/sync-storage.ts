import {
  context as apiContext,
  type Attributes,
  type Context,
  type HrTime,
} from '@opentelemetry/api';
import { millisToHrTime } from '../hr-time.js';
import type { IAttributesProcessor, MetricData } from '@opentelemetry/sdk-metrics';
import { attributesKey, frozenAttributes, validAttributes } from '../attributes.js';
import { AggregationTemporality, type InstrumentDescriptor } from '../descriptor.js';
import type { AttributeLimits } from '../attribute-limits.js';
import type { Rejections } from '../diagnostics.js';
import { SeriesIndex } from './series-index.js';
import { PointBuilder, SnapshotValues, type StorageSnapshot } from './snapshot.js';
import {
  exemplarSpan,
  type Exemplar,
  type ExemplarFilter,
  type ExemplarReservoir,
} from '../exemplars.js';

/** The origin of series times (ms since the Unix epoch), fixed when the engine loads. */
export const EPOCH = Date.now();

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});

export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/**
 * A series' attribute set as the series holds it: the set itself (a frozen copy), or, for a series
 * of the index's fast lane created from a set in the shape's order, its fast-lane key (the values
 * joined by NUL; see `SeriesIndex`), from which `SyncStorage.attributesOf` builds the set each
 * time it is read. A key-held series keeps no object and no value strings of its own besides the
 * key its map already holds: two heap objects fewer per series for the garbage collector to mark
 * and move (a first scrape after 100k new series waited on exactly that work).
 */
export type HeldAttributes = Attributes | string;

/**
 * What makes an accumulation a series: its attribute set and its times.
 *
 * Each aggregation makes its series with one object literal (not `new` of a class); every series
 * of an aggregation has one hidden class, as a class gave. A literal has an allocation site, and
 * V8's pretenuring, once it sees that nearly all of a site's objects survive (series live as long
 * as their instrument), allocates them in the old generation directly. It decides late, though
 * (it learns from allocation mementos, which optimized code does not seem to make). In a burst of
 * new counter series, the series still young at its end (what a full collection ending soon
 * after must copy in its final pause) were 13.6k–15.8k of 101k, 0–3.1k of 151k, 0–41.5k of 301k;
 * with `--no-allocation-site-pretenuring` 41.8k–44.2k of 301k (`bench/src/young-series.ts`).
 * Keys are interned (allocated old) and attributes held as the key (see {@link HeldAttributes}),
 * so a series leaves nothing else young.
 */
export interface SeriesFields<A> {
  /** The attribute set, or its fast-lane key (see {@link HeldAttributes}). */
  readonly held: HeldAttributes;
  /**
   * When the series was created, in ms since {@link EPOCH}: the start of its cumulative points.
   * Relative, so it stays a small integer V8 keeps in the object (an epoch time would be a boxed
   * double, 16 B more per series).
   */
  readonly start: number;
  /** Last collection at which it had new recordings (ms since {@link EPOCH}); for staleness. */
  seen: number;
  /** Creation order within the storage: collections export series in the order they appeared. */
  seq: number;
  /** Per reader (several readers only): what each has not yet reported, or its running total. */
  slots: (A | undefined)[] | undefined;
  /** Exemplars offered since the last collection (created at the first one). */
  exemplars: ExemplarReservoir | undefined;
}

/**
 * One series: an attribute set and what was recorded for it since the last fold (see
 * `SyncStorage.collect`), in one object (the accumulation's class extended with the series'
 * fields), which keeps a series to a single small object besides its attributes and map entry.
 */
export type Series<A> = A & SeriesFields<A>;

/** How a storage aggregates: the accumulation operations its collection needs. */
export interface Accumulator<A, P> {
  create(): A;
  /** A new, empty series (the accumulation with the series' fields). */
  series(held: HeldAttributes, start: number): Series<A>;
  /** Recordings folded into `acc` since its last reset (0: nothing new). */
  recordings(acc: A): number;
  /** `into += from` (both of this accumulator). */
  merge(into: A, from: A): void;
  reset(acc: A): void;
  /** A copy of the accumulated value, for a data point. */
  point(acc: A): P;
  /**
   * A flat copy of the value instead (see {@link SyncStorage.snapshot}): `width` numbers written by
   * `copy` at `at`, which `pointAt` turns into what `point` returns. Without them, the snapshot
   * holds `point`'s copies.
   */
  readonly flat?: {
    readonly width: number;
    copy(acc: A, into: Float64Array, at: number): void;
    pointAt(from: Float64Array, at: number): P;
  };
  /** The data for these points (the aggregation's `MetricData` shape). */
  metricData(
    descriptor: InstrumentDescriptor,
    temporality: AggregationTemporality,
    points: Point<P>[],
  ): MetricData;
}

/** A data point as the SDK's data model has it, plus the exemplars of its interval. */
export interface Point<P> {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly value: P;
  readonly exemplars?: Exemplar[];
}

/** Where a storage serves one reader. */
export interface ReaderSlot {
  readonly temporality: AggregationTemporality;
  /** The end of this reader's previous collection (ms), the start of its next delta points. */
  last: number;
}

export interface SyncStorageOptions {
  readonly descriptor: InstrumentDescriptor;
  /** Series held at most, the overflow series included. */
  readonly cardinalityLimit: number;
  readonly processor: IAttributesProcessor | undefined;
  /** Reader index (in the provider) to temporality, for the readers this storage serves. */
  readonly readers: ReadonlyMap<number, AggregationTemporality>;
  readonly rejections: Rejections;
  /** Evict series with no recording for this long (ms); 0 keeps them. */
  readonly staleMillis: number;
  /** Which measurements may become exemplars. */
  readonly exemplarFilter: ExemplarFilter;
  /** Cuts attributes over the limits (on new attribute objects only), reporting once. */
  readonly limitAttributes: ((attributes: Attributes) => Attributes) | undefined;
  /** The limits `limitAttributes` applies (the fast lane only takes sets within them). */
  readonly attributeLimits: AttributeLimits | undefined;
}

/**
 * The state of one instrument (per view) for its readers: series by attribute set, bounded by the
 * cardinality limit, with one accumulation per series that every recording updates.
 *
 * Recording touches only that accumulation. Collection folds it into each reader's view of the
 * data: with one reader there is nothing to fold (cumulative: the accumulation is the running
 * total; delta: it is the interval's value and is reset); with several readers each has a slot
 * per series that the accumulation is merged into (its running total, or what it has not yet
 * reported), as the SDK's temporal processor does, so readers stay independent.
 *
 * Subclasses own the hot `record` method for their accumulation, so every call site stays
 * monomorphic.
 */
export abstract class SyncStorage<A, P> {
  readonly descriptor: InstrumentDescriptor;
  /** The series limit in force: the configured one, or a runtime override (`setLimit`). */
  limit: number;
  /** The limit views and readers configured. */
  readonly configuredLimit: number;
  /** Switched off at runtime: recordings go to the sink, collections export nothing. */
  disabled = false;
  /** Measurements folded into the overflow series because the limit was reached. */
  overflowed = 0;
  /** Series merged into the overflow series because the limit was lowered below their count. */
  folded = 0;
  /** Series forgotten by `evict` (an administrator's request). */
  evicted = 0;
  private readonly index: SeriesIndex<Series<A>>;
  /** Series created so far: the next one's sequence number. */
  private created = 0;
  private overflow: Series<A> | undefined;
  private empty: Series<A> | undefined;
  /**
   * While disabled: the one series every recording lands in, never collected and reused, so a
   * dropped recording allocates nothing and the recording path needs no check of its own (the
   * caches of `find` point here, and `lookup` returns it first thing).
   */
  private sink: Series<A> | undefined;
  private lastObject: Attributes | undefined;
  private lastSeries: Series<A> | undefined;
  /**
   * The attribute set of `lastSeries`, read when the same object first comes again (undefined: not
   * yet); a key-held series builds it once here instead of keeping it.
   */
  private lastKept: Attributes | undefined;
  /**
   * Entries of `lastKept`, counted with it; kept here rather than in every series, which would cost
   * 8 bytes per series.
   */
  private lastSize = -1;
  private readonly processor: IAttributesProcessor | undefined;
  private readonly slotIndex: Map<number, number>;
  private readonly slots: ReaderSlot[];
  private readonly multi: boolean;
  private readonly rejections: Rejections;
  private readonly staleMillis: number;
  private exemplarFilter: ExemplarFilter;
  private readonly limitAttributes: ((attributes: Attributes) => Attributes) | undefined;
  /** False with the `always_off` filter: recordings then pay nothing for exemplars. */
  protected sampling: boolean;

  constructor(
    private readonly accumulator: Accumulator<A, P>,
    options: SyncStorageOptions,
  ) {
    this.descriptor = options.descriptor;
    this.configuredLimit = Math.max(1, options.cardinalityLimit);
    this.limit = this.configuredLimit;
    this.processor = options.processor;
    this.rejections = options.rejections;
    this.staleMillis = options.staleMillis;
    this.exemplarFilter = options.exemplarFilter;
    this.limitAttributes = options.limitAttributes;
    this.index = new SeriesIndex(
      options.attributeLimits?.valueLength ?? Infinity,
      options.attributeLimits?.count ?? Infinity,
    );
    this.sampling = options.exemplarFilter !== 'always_off';
    this.slotIndex = new Map();
    this.slots = [];
    for (const [reader, temporality] of options.readers) {
      this.slotIndex.set(reader, this.slots.length);
      this.slots.push({ temporality, last: 0 });
    }
    this.multi = this.slots.length > 1;
  }

  /** True when this storage serves the reader with this index. */
  serves(reader: number): boolean {
    return this.slotIndex.has(reader);
  }

  /** Series held now, the overflow series included. */
  get size(): number {
    return this.index.size + (this.overflow ? 1 : 0);
  }

  /** The reservoir a series of this aggregation keeps its exemplars in. */
  protected abstract reservoir(): ExemplarReservoir;

  /** Offers a recording as an exemplar, if the filter lets it (call only when `sampling`). */
  protected sample(
    series: Series<A>,
    value: number,
    context: Context | undefined,
    bucket: number,
  ): void {
    const span = exemplarSpan(this.exemplarFilter, context);
    if (span === undefined) return;
    (series.exemplars ??= this.reservoir()).offer(value, bucket, span);
  }

  /**
   * The series for a recording. The hot path, kept small so that it compiles (and inlines into
   * the caller) the same way whatever order V8's concurrent compiler finishes in: the series of no
   * attributes once known, the cached series when the same object comes again unchanged, else the
   * fast lane's map for a set of the instrument's shape. Everything else (a miss, a new series, a
   * view's processor, attribute limits, a disabled storage) is in {@link lookup} and
   * {@link findEmpty}, so that a compiler inlining `find` into its caller has little left to inline.
   */
  protected find(attributes: Attributes | undefined, context: Context | undefined): Series<A> {
    if (attributes === undefined) return this.empty ?? this.findEmpty(context);
    if (this.sink === undefined) {
      if (attributes === this.lastObject) {
        const cached = this.sameAsLast(attributes);
        if (cached !== undefined) return cached;
      }
      // Without a processor only (no shape is ever fixed with one: `probe` is then undefined).
      const key = this.index.probe(attributes);
      if (key !== undefined) {
        const found = this.index.byValues.get(key);
        if (found !== undefined) {
          this.remember(attributes, found);
          return found;
        }
      }
      return this.lookup(attributes, context, key ?? false);
    }
    return this.lookup(attributes, context);
  }

  /** The cached series when `attributes` (the object last seen) still holds its set. */
  private sameAsLast(attributes: Attributes): Series<A> | undefined {
    const cached = this.lastSeries!;
    let kept = this.lastKept;
    if (kept === undefined) {
      kept = this.lastKept = this.attributesOf(cached);
      this.lastSize = Object.keys(kept).length;
    }
    return matches(kept, this.lastSize, attributes) ? cached : undefined;
  }

  /** The series of no attributes when `empty` does not hold it (or the sink, while disabled). */
  private findEmpty(context: Context | undefined): Series<A> {
    // With a view's processor the empty set may become another one: looked up each time.
    if (this.processor !== undefined) return this.lookup({}, context);
    return (this.empty ??= this.lookup({}, undefined));
  }

  /**
   * The series of an attribute set, created when new. `probed`: what `index.probe` just returned
   * for it (a key, or false for none), undefined when the caller did not probe.
   */
  private lookup(
    attributes: Attributes,
    context: Context | undefined,
    probed?: string | false,
  ): Series<A> {
    if (this.sink !== undefined) return this.sink;
    const input = attributes;
    const index = this.index;
    if (this.processor === undefined) {
      const fast =
        probed === undefined
          ? index.inOrder(attributes)
          : probed !== false && index.probed()
            ? probed
            : undefined;
      if (fast !== undefined) {
        const found =
          index.byValues.get(fast) ?? this.create(attributes, fast, index.byValues, true);
        this.remember(input, found);
        return found;
      }
    }
    if (this.limitAttributes !== undefined) attributes = this.limitAttributes(attributes);
    if (this.processor !== undefined) {
      attributes = this.processor.process(attributes, context ?? apiContext.active());
    }
    let key = attributesKey(attributes);
    if (key === undefined) {
      this.rejections.add('invalid-attribute', 'the attribute was left out of the series');
      attributes = validAttributes(attributes);
      key = attributesKey(attributes)!;
    }
    let fast: string | undefined;
    if (this.processor === undefined) {
      fast = index.anyOrder(attributes);
      fast ??= index.decide(attributes, flat);
    }
    const map = fast === undefined ? index.byKey : index.byValues;
    const indexKey = fast ?? key;
    const found = map.get(indexKey) ?? this.create(attributes, indexKey, map, false);
    if (this.processor === undefined) this.remember(input, found);
    return found;
  }

  /** Caches the series of an attribute object for `find`. */
  private remember(attributes: Attributes, series: Series<A>): void {
    this.lastObject = attributes;
    this.lastSeries = series;
    this.lastKept = undefined;
  }

  /**
   * A new series under `key` in `map`, or the overflow series once the limit is reached. `inOrder`:
   * `key` is the fast-lane key of `attributes` in the shape's order, so the series may hold the key
   * instead of a copy of the set, when the key gives the set back exactly.
   */
  private create(
    attributes: Attributes,
    key: string,
    map: Map<string, Series<A>>,
    inOrder: boolean,
  ): Series<A> {
    if (this.index.size >= this.limit - 1) {
      this.overflowed++;
      return (this.overflow ??= this.newSeries(OVERFLOW_ATTRIBUTES));
    }
    // Every key is interned (see `flat`), the fast lane's too, although `Array#join` already made
    // it one flat string: V8 allocates an interned string in the old generation, so the key a
    // series keeps for good is never copied out of the young one, and a collection of the old
    // generation that reaches its final pause soon after many new series does not wait on it.
    const stored = flat(key);
    const series = this.newSeries(
      inOrder && this.index.restores(attributes) ? stored : frozenAttributes(attributes),
    );
    series.seq = this.created++;
    map.set(stored, series);
    return series;
  }

  private newSeries(held: HeldAttributes): Series<A> {
    return this.accumulator.series(held, sinceEpoch(Date.now()));
  }

  /** The attribute set of a series (built anew for a key-held one: see {@link HeldAttributes}). */
  protected attributesOf(series: SeriesFields<unknown>): Attributes {
    const held = series.held;
    return typeof held === 'string' ? this.index.attributesOf(held) : held;
  }

  /**
   * The reader's data at `time` (ms since the epoch), or undefined when it has no point, in one go:
   * {@link snapshot} and every point built at once.
   */
  collect(reader: number, time: number): MetricData | undefined {
    const snapshot = this.snapshot(reader, time);
    if (snapshot === undefined) return undefined;
    snapshot.build(Infinity);
    return snapshot.result();
  }

  /**
   * The reader's values at `time` (ms since the epoch), taken atomically (nothing else runs between
   * this storage's first and last series), or undefined when it has no point. The snapshot holds
   * copies of the values (flat numbers where the aggregation allows): the data points are built
   * from it afterwards, in as many slices as the caller likes, so a large instrument need not block
   * the event loop for the whole of its collection. Recordings made after the snapshot are not in
   * it, and are in the reader's next collection.
   */
  snapshot(reader: number, time: number): StorageSnapshot | undefined {
    const index = this.slotIndex.get(reader);
    if (index === undefined) return undefined;
    const slot = this.slots[index]!;
    if (this.disabled) {
      slot.last = time;
      return undefined;
    }
    const delta = slot.temporality === AggregationTemporality.DELTA;
    const acc = this.accumulator;
    const deltaStart = slot.last;
    const flat = acc.flat;
    const capacity = this.size + 1;
    const taken = new SnapshotValues<P>(
      capacity,
      flat ? new Float64Array(capacity * flat.width) : undefined,
    );
    const seen = sinceEpoch(time);
    const visit = (series: Series<A>): boolean => {
      const fresh = acc.recordings(series) > 0;
      if (fresh) series.seen = seen;
      let view: A | undefined;
      if (!this.multi) {
        view = series;
      } else {
        if (fresh) {
          series.slots ??= new Array<A | undefined>(this.slots.length);
          for (let i = 0; i < this.slots.length; i++) {
            acc.merge((series.slots[i] ??= acc.create()), series);
          }
        }
        view = series.slots?.[index];
      }
      if (view !== undefined && (!delta || acc.recordings(view) > 0)) {
        const created = series.start + EPOCH;
        const start = delta ? Math.max(deltaStart, created) : created;
        const at = taken.add(series.held, start, series.exemplars?.collect(delta));
        if (flat) flat.copy(view, taken.flat!, at * flat.width);
        else taken.values.push(acc.point(view));
        if (delta) acc.reset(view);
      }
      if (this.multi) {
        if (fresh) acc.reset(series);
      } else if (!delta) {
        // The running total stays; only its "recorded since the last collection" mark resets.
        this.markCollected(series);
      }
      return this.isStale(series, time);
    };
    this.inCreationOrder(visit);
    if (this.overflow !== undefined) visit(this.overflow);
    slot.last = time;
    if (taken.count === 0) return undefined;
    return new PointBuilder(
      acc,
      this.descriptor,
      slot.temporality,
      millisToHrTime(time),
      taken,
      this.index,
    );
  }

  /**
   * Visits every series (but the overflow one) in creation order, deleting those `visit` says are
   * stale: the two maps of the index are each in creation order, merged by sequence number.
   */
  private inCreationOrder(visit: (series: Series<A>) => boolean): void {
    // Without eviction (no staleness) and with one map in use, the usual case: its values alone,
    // without an entry array and an iterator result per series.
    const { byValues, byKey } = this.index;
    if (this.staleMillis <= 0 && (byKey.size === 0 || byValues.size === 0)) {
      for (const series of (byKey.size === 0 ? byValues : byKey).values()) visit(series);
      return;
    }
    const fast = this.index.byValues[Symbol.iterator]();
    const slow = this.index.byKey[Symbol.iterator]();
    let a = fast.next();
    let b = slow.next();
    while (!a.done || !b.done) {
      const takeFast = b.done || (!a.done && a.value[1].seq < b.value[1].seq);
      const [key, series] = (takeFast ? a.value : b.value)!;
      if (visit(series)) (takeFast ? this.index.byValues : this.index.byKey).delete(key);
      if (takeFast) a = fast.next();
      else b = slow.next();
    }
  }

  /** Clears an accumulation's count of recordings since the last collection, keeping its value. */
  protected abstract markCollected(acc: A): void;

  private isStale(series: Series<A>, time: number): boolean {
    if (this.staleMillis <= 0) return false;
    const since = (series.seen === 0 ? series.start : series.seen) + EPOCH;
    if (time - since < this.staleMillis) return false;
    const pending = series.slots?.some(
      (s, i) =>
        s !== undefined &&
        this.slots[i]!.temporality === AggregationTemporality.DELTA &&
        this.accumulator.recordings(s) > 0,
    );
    if (pending) return false;
    this.forget(series);
    return true;
  }

  /** Drops the recording path's references to a series leaving the index. */
  private forget(series: Series<A>): void {
    if (series === this.lastSeries) {
      this.lastSeries = undefined;
      this.lastObject = undefined;
      this.lastKept = undefined;
    }
    if (series === this.empty) this.empty = undefined;
  }

  /** Every series of the index with the map and key it is held under. */
  private entries(): { map: Map<string, Series<A>>; key: string; series: Series<A> }[] {
    const out: { map: Map<string, Series<A>>; key: string; series: Series<A> }[] = [];
    for (const map of [this.index.byValues, this.index.byKey]) {
      for (const [key, series] of map) out.push({ map, key, series });
    }
    return out;
  }

  /** Replaces the exemplar filter from the next recording on. */
  setExemplarFilter(filter: ExemplarFilter): void {
    this.exemplarFilter = filter;
    this.sampling = filter !== 'always_off' && !this.disabled;
  }

  /**
   * Sets the series limit (`undefined`: back to the configured one). When more series are held
   * than the new limit allows, the newest ones (by creation) are merged into the overflow series,
   * every reader's view included, so totals are kept and what is served is capped at once.
   * Returns how many series were folded.
   */
  setLimit(limit: number | undefined): number {
    this.limit = Math.max(1, limit ?? this.configuredLimit);
    // The recording path may hold the overflow series as "the series of no attributes": under a
    // raised limit that set gets its own series again.
    if (this.overflow !== undefined) this.forget(this.overflow);
    const excess = this.index.size - (this.limit - 1);
    if (excess <= 0) return 0;
    const newest = this.entries()
      .sort((a, b) => b.series.seq - a.series.seq)
      .slice(0, excess);
    const overflow = (this.overflow ??= this.newSeries(OVERFLOW_ATTRIBUTES));
    for (const { map, key, series } of newest) {
      this.absorb(overflow, series);
      map.delete(key);
      this.forget(series);
    }
    this.folded += newest.length;
    return newest.length;
  }

  /** `into += from`, for the recordings not yet folded and for every reader's slot. */
  private absorb(into: Series<A>, from: Series<A>): void {
    const acc = this.accumulator;
    acc.merge(into, from);
    if (from.slots === undefined) return;
    into.slots ??= new Array<A | undefined>(this.slots.length);
    for (let i = 0; i < from.slots.length; i++) {
      const theirs = from.slots[i];
      if (theirs !== undefined) acc.merge((into.slots[i] ??= acc.create()), theirs);
    }
  }

  /**
   * Switches recording off (every series is dropped at once; recordings then go to a sink series
   * that is never exported, without exemplars) or back on (series start again from zero, with new
   * start times). Returns how many series were dropped.
   */
  setDisabled(disabled: boolean): number {
    this.disabled = disabled;
    this.lastObject = undefined;
    this.lastSeries = undefined;
    this.lastKept = undefined;
    this.empty = undefined;
    if (!disabled) {
      this.sink = undefined;
      this.sampling = this.exemplarFilter !== 'always_off';
      return 0;
    }
    const dropped = this.size;
    this.index.clear();
    this.overflow = undefined;
    this.sink ??= this.newSeries(EMPTY_ATTRIBUTES);
    this.empty = this.sink;
    this.sampling = false;
    return dropped;
  }

  /**
   * Forgets every series whose attributes pass `test` (the overflow series too, when it passes):
   * they are gone from the next collection of every reader, and a later recording starts them
   * again from zero with a new start time. Returns how many were forgotten.
   */
  evict(test: (attributes: Attributes) => boolean): number {
    let count = 0;
    for (const { map, key, series } of this.entries()) {
      if (!test(this.attributesOf(series))) continue;
      map.delete(key);
      this.forget(series);
      count++;
    }
    if (this.overflow !== undefined && test(this.attributesOf(this.overflow))) {
      this.forget(this.overflow);
      this.overflow = undefined;
      count++;
    }
    this.evicted += count;
    return count;
  }
}

/**
 * Whether `attributes` (an object seen before) still holds exactly `kept` (a series' attributes,
 * `size` entries).
 */
function matches(kept: Attributes, size: number, attributes: Attributes): boolean {
  let count = 0;
  for (const name in attributes) {
    const value = attributes[name];
    if (value == null) continue;
    if (kept[name] !== value) return false;
    count++;
  }
  return count === size;
}

/**
 * `ms - EPOCH` as a small integer when it is one (the first 12 days after the engine loaded), so
 * the series field holds it inline: the plain difference of two epoch times is a double, which V8
 * boxes in a 16-byte heap number per field per series, even when its value is whole.
 */
function sinceEpoch(ms: number): number {
  const relative = ms - EPOCH;
  return relative >= 0 && relative < 0x40000000 && relative === Math.floor(relative)
    ? relative | 0
    : relative;
}

/**
 * The key as one flat string. A key built by concatenation is a tree of string pieces; kept as a
 * map key, V8 keeps the tree and its flattened copy (~250 B more per series for a 3-attribute
 * key). Used once per new series, never on the recording path.
 */
function flat(key: string): string {
  return Object.keys({ [key]: 0 })[0]!;
}
