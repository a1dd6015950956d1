import type { Attributes, HrTime } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { AggregationTemporality, InstrumentDescriptor } from '../descriptor.js';
import type { Exemplar } from '../exemplars.js';
import { millisToHrTime } from '../hr-time.js';
import type { SeriesIndex } from './series-index.js';
import type { Accumulator, HeldAttributes, Point } from './sync-storage.js';

// A storage's snapshot for one collection: the values it copied (`SnapshotValues`) and the data
// points built from them (`PointBuilder`), a number at a time or one by one on demand.

/** A storage's values for one collection, taken atomically; its points are built on demand. */
export interface StorageSnapshot {
  /** Builds up to `points` more data points; true once every point is built. */
  build(points: number): boolean;
  /** The collection's data, once {@link build} returned true. */
  result(): MetricData;
  /**
   * The collection's data with its points built only when read, instead of {@link build} and
   * {@link result}: see {@link deferredPoints}.
   */
  deferred(): MetricData;
}

/**
 * The points of a collection's metric, built one at a time from the values its snapshot copied:
 * each call builds a new point that nothing else keeps.
 */
export interface PointSource {
  /** Points of the metric. */
  readonly count: number;
  /**
   * The point at `at` (0 <= at < count), built anew. With `attributes`, the point carries that
   * object instead of its own set (for a caller that reads the set another way, {@link keyAt}).
   */
  pointAt(at: number, attributes?: Attributes): Point<unknown>;
  /**
   * The attributes of the point at `at`, without building the point: equal to its `attributes`
   * (for a series that holds only its index key, a set built anew at each call).
   */
  attributesAt(at: number): Attributes;
  /**
   * The names of the attribute set of every point that has a {@link keyAt} key, in the key's
   * order; undefined while the metric's storage has no usual shape. One array per storage, the
   * same object at every collection.
   */
  readonly keyNames: readonly string[] | undefined;
  /**
   * The key the series of the point at `at` holds instead of its set, or undefined when it holds
   * the set. A key is the set's values in {@link keyNames} order, each as `String(value)` (a
   * number as JavaScript writes it, a boolean as `true`/`false`), joined by NUL; no value holds a
   * NUL or is empty. `attributesAt(at)` builds the same set from it.
   */
  keyAt(at: number): string | undefined;
}

/** Where a deferred metric keeps its {@link PointSource} (`Symbol.for`: one key per process). */
const POINT_SOURCE = Symbol.for('@meterline/engine.pointSource');

/**
 * The point source of a metric collected with `deferPoints` (see `SlicedCollectOptions`), or
 * undefined for any other metric. A consumer that reads points through it builds each point as it
 * goes and lets it go, so a large collection's points never all live at once (they die young,
 * where garbage collection is cheap, instead of being promoted while a whole scrape is written).
 * The metric's `dataPoints` is still a plain array of every point, built at its first read, for
 * any other consumer.
 */
export function deferredPoints(metric: MetricData): PointSource | undefined {
  return (metric as unknown as { [POINT_SOURCE]?: PointSource })[POINT_SOURCE];
}

/** What a snapshot copied, series by series in collection order. */
export class SnapshotValues<P> {
  /**
   * Each point's attribute set as its series holds it (built when a point is). Made at its full
   * size: filled by `push`, a 100k-series snapshot grew it through a dozen copies, and `add` was a
   * quarter of a collection's samples.
   */
  readonly held: HeldAttributes[];
  /** Points added so far. */
  count = 0;
  /**
   * Each point's start, ms since the Unix epoch. A typed array: its numbers live outside the
   * garbage-collected heap, so the young-generation collections that run while a large snapshot's
   * points are written do not copy them (a plain array of 10k starts is 80 KB copied twice).
   */
  readonly starts: Float64Array;
  /** Exemplars by point, once any point has some. */
  exemplars: (Exemplar[] | undefined)[] | undefined;
  /** The values, when the aggregation has no flat copy. */
  readonly values: P[] = [];

  /**
   * `capacity`: the most points the snapshot can hold (the storage's series); `flat`: room for
   * every series' flat copy, when the aggregation has one.
   */
  constructor(
    capacity: number,
    readonly flat: Float64Array | undefined,
  ) {
    this.starts = new Float64Array(capacity);
    this.held = new Array<HeldAttributes>(capacity);
  }

  /** Adds a point's fields; returns its position. */
  add(held: HeldAttributes, start: number, exemplars: Exemplar[] | undefined): number {
    const at = this.count++;
    this.held[at] = held;
    this.starts[at] = start;
    if (exemplars !== undefined) (this.exemplars ??= [])[at] = exemplars;
    return at;
  }
}

/** Builds a snapshot's data points, a number of them at a time, or one by one on demand. */
export class PointBuilder<A, P> implements StorageSnapshot, PointSource {
  private readonly points: Point<P>[] = [];
  private lastStart = NaN;
  private lastStartTime: HrTime;
  /** HrTime of the last start {@link pointAt} converted (a run of equal starts shares it). */
  private sourceStart = NaN;
  private sourceStartTime: HrTime;

  constructor(
    private readonly acc: Accumulator<A, P>,
    private readonly descriptor: InstrumentDescriptor,
    private readonly temporality: AggregationTemporality,
    private readonly endTime: HrTime,
    private readonly taken: SnapshotValues<P>,
    /** The storage's index, which builds a key-held series' attributes back from its key. */
    private readonly index: SeriesIndex<unknown>,
  ) {
    this.lastStartTime = endTime;
    this.sourceStartTime = endTime;
  }

  get count(): number {
    return this.taken.count;
  }

  pointAt(at: number, attributes?: Attributes): Point<P> {
    const { taken } = this;
    if (!(at >= 0 && at < taken.count)) {
      throw new RangeError(`point ${at} of a metric with ${taken.count} points`);
    }
    const start = taken.starts[at]!;
    if (start !== this.sourceStart) {
      this.sourceStart = start;
      this.sourceStartTime = millisToHrTime(start);
    }
    const flat = this.acc.flat;
    return {
      attributes: attributes ?? this.attributesAt(at),
      startTime: this.sourceStartTime,
      endTime: this.endTime,
      value: flat ? flat.pointAt(taken.flat!, at * flat.width) : taken.values[at]!,
      exemplars: taken.exemplars?.[at],
    };
  }

  attributesAt(at: number): Attributes {
    const held = this.taken.held[at]!;
    return typeof held === 'string' ? this.index.attributesOf(held) : held;
  }

  get keyNames(): readonly string[] | undefined {
    return this.index.shapeNames;
  }

  keyAt(at: number): string | undefined {
    const held = this.taken.held[at];
    return typeof held === 'string' ? held : undefined;
  }

  deferred(): MetricData {
    const data = this.acc.metricData(this.descriptor, this.temporality, []);
    let points: Point<P>[] | undefined;
    // Every point at the first read, for consumers that know nothing of the source.
    Object.defineProperty(data, 'dataPoints', {
      enumerable: true,
      configurable: true,
      get: () => (points ??= Array.from({ length: this.count }, (_, at) => this.pointAt(at))),
    });
    Object.defineProperty(data, POINT_SOURCE, { value: this, enumerable: false });
    return data;
  }

  build(budget: number): boolean {
    const { taken, points, endTime } = this;
    const flat = this.acc.flat;
    const end = Math.min(taken.count, points.length + budget);
    for (let at = points.length; at < end; at++) {
      const start = taken.starts[at]!;
      // Series created in one burst share a start: one HrTime for a run of equal starts.
      if (start !== this.lastStart) {
        this.lastStart = start;
        this.lastStartTime = millisToHrTime(start);
      }
      // One shape for every point (no spread, no empty object): `exemplars` is undefined
      // without any, as an absent optional field reads.
      points.push({
        attributes: this.attributesAt(at),
        startTime: this.lastStartTime,
        endTime,
        value: flat ? flat.pointAt(taken.flat!, at * flat.width) : taken.values[at]!,
        exemplars: taken.exemplars?.[at],
      });
    }
    return points.length === taken.count;
  }

  result(): MetricData {
    if (this.points.length !== this.taken.count) {
      throw new Error('a snapshot was read before all of its points were built');
    }
    return this.acc.metricData(this.descriptor, this.temporality, this.points);
  }
}
