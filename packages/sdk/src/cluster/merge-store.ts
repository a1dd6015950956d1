import type { Attributes, HrTime } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type MetricDescriptor,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { mergeExponential } from './exponential-merge.js';
import { combine, type GaugePolicy, type SourceValue } from './gauge-policy.js';
import { BoundaryMismatchError, mergeHistogram } from './histogram-merge.js';
import { metricKey, seriesKey } from './series-key.js';

/** Options of {@link MergeStore}. */
export interface MergeStoreOptions {
  /** Series kept per instrument; beyond it points fold into one overflow series. @default 2000 */
  readonly cardinalityLimit?: number;
  /** The gauge policy of an instrument, by name. @default () => 'sum' */
  readonly gaugePolicy?: (instrument: string) => GaugePolicy;
  /** Attribute naming the worker under the `per-worker` policy. @default 'worker' */
  readonly workerAttribute?: string;
}

type Value = number | Histogram | ExponentialHistogram;

/** A series summed over every delta ever received, from any worker, alive or gone. */
interface Cumulative {
  readonly attributes: Attributes;
  startTime: HrTime;
  value: Value;
  /** The exemplars of the latest delta that carried any (as a cumulative reservoir keeps them). */
  exemplars?: unknown[];
}

/** A level (gauge, up-down counter) held per worker. */
interface Level {
  readonly attributes: Attributes;
  readonly perSource: Map<string, SourceValue & { startTime: HrTime }>;
}

interface Entry {
  readonly scope: InstrumentationScope;
  readonly descriptor: MetricDescriptor;
  readonly dataPointType: DataPointType;
  readonly isMonotonic: boolean;
  readonly cumulative: Map<string, Cumulative>;
  readonly levels: Map<string, Level>;
}

/** The attribute set of the overflow series, as the SDK names it. */
export const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };
const OVERFLOW_KEY = seriesKey(OVERFLOW_ATTRIBUTES);

/**
 * The primary's state: cumulative sums of every worker's deltas per series (counters, histograms,
 * exponential histograms), and current levels per worker (gauges, up-down counters).
 *
 * Cumulative series never go down: a worker that exits leaves its totals here, and a replacement's
 * deltas add on top; a series' start time is the earliest start any delta for it carried. Levels
 * of a worker are forgotten by {@link removeSource}. Memory is bounded by the cardinality limit
 * per instrument (and by the instruments the workers' views allow).
 *
 * Not thread-safe and synchronous: callers serialize `apply`, `removeSource` and `snapshot`.
 */
export class MergeStore {
  private readonly entries = new Map<string, Entry>();
  private readonly limit: number;
  private readonly policy: (instrument: string) => GaugePolicy;
  private readonly workerAttribute: string;
  private readonly gone = new Set<string>();
  private stamp = 0;

  constructor(options: MergeStoreOptions = {}) {
    this.limit = options.cardinalityLimit ?? 2000;
    this.policy = options.gaugePolicy ?? (() => 'sum');
    this.workerAttribute = options.workerAttribute ?? 'worker';
  }

  /**
   * Adds one worker's delta collection of one instrument. Sums and histograms must be DELTA
   * (gauges carry their current value). Throws, changing nothing, when the instrument conflicts
   * with what other workers reported (another type or temporality) or histogram boundaries differ.
   */
  apply(source: string, scope: InstrumentationScope, metric: MetricData): void {
    const entry = this.entryFor(scope, metric);
    const isLevel = entry.dataPointType === DataPointType.GAUGE || !entry.isMonotonic;
    if (!isLevel && metric.aggregationTemporality !== AggregationTemporality.DELTA) {
      throw new Error(`metric ${metric.descriptor.name}: expected DELTA points from ${source}`);
    }
    // (Levels cannot fail to merge; a late level of a worker that already left is dropped.)
    if (isLevel) {
      if (this.gone.has(source)) return;
      for (const point of metric.dataPoints as DataPoint<Value>[]) {
        this.setLevel(entry, source, point);
      }
      return;
    }
    // Checked before anything changes: a boundary mismatch leaves the entry as it was.
    if (entry.dataPointType === DataPointType.HISTOGRAM) checkBoundaries(entry, metric);
    for (const point of metric.dataPoints as DataPoint<Value>[]) this.addCumulative(entry, point);
  }

  /** Forgets a worker's levels (it exited); its cumulative contributions stay. */
  removeSource(source: string): void {
    this.gone.add(source);
    if (this.gone.size > 10_000) this.gone.delete(this.gone.values().next().value!);
    for (const entry of this.entries.values()) {
      for (const [key, level] of entry.levels) {
        level.perSource.delete(source);
        if (level.perSource.size === 0) entry.levels.delete(key);
      }
    }
  }

  /** Series held, over every instrument (each worker's level counts once per series). */
  get seriesCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) count += entry.cumulative.size + entry.levels.size;
    return count;
  }

  /** The merged state as cumulative metric data, stamped `endTime`, grouped by scope. */
  snapshot(endTime: HrTime): ScopeMetrics[] {
    const scopes = new ScopeGrouper();
    for (const { scope, metric } of this.metrics(endTime)) scopes.add(scope, metric);
    return scopes.result();
  }

  /**
   * The merged state one instrument at a time, for a caller that gives the event loop a turn
   * between them (group the results with {@link ScopeGrouper}). Nothing may change the store until
   * the iteration ends.
   */
  *metrics(endTime: HrTime): Generator<{ scope: InstrumentationScope; metric: MetricData }> {
    for (const entry of this.entries.values()) {
      const metric = this.metricOf(entry, endTime);
      if (metric.dataPoints.length > 0) yield { scope: entry.scope, metric };
    }
  }

  private entryFor(scope: InstrumentationScope, metric: MetricData): Entry {
    const key = metricKey(scope.name, scope.version, metric.descriptor.name);
    const isMonotonic = metric.dataPointType === DataPointType.SUM ? metric.isMonotonic : true;
    const found = this.entries.get(key);
    if (found) {
      if (found.dataPointType !== metric.dataPointType || found.isMonotonic !== isMonotonic) {
        throw new Error(
          `metric ${metric.descriptor.name}: workers report it as different instrument types; ` +
            'the conflicting points were not merged',
        );
      }
      return found;
    }
    const entry: Entry = {
      scope: { name: scope.name, version: scope.version, schemaUrl: scope.schemaUrl },
      descriptor: { ...metric.descriptor },
      dataPointType: metric.dataPointType,
      isMonotonic,
      cumulative: new Map(),
      levels: new Map(),
    };
    this.entries.set(key, entry);
    return entry;
  }

  private addCumulative(entry: Entry, point: DataPoint<Value>): void {
    let key = seriesKey(point.attributes);
    let held = entry.cumulative.get(key);
    if (!held && entry.cumulative.size >= this.limit - 1) {
      key = OVERFLOW_KEY;
      held = entry.cumulative.get(key);
    }
    if (!held) {
      const attributes = key === OVERFLOW_KEY ? OVERFLOW_ATTRIBUTES : point.attributes;
      // A copy: the store owns its state, whatever the producer does with the objects it returned.
      const value = typeof point.value === 'number' ? point.value : structuredClone(point.value);
      entry.cumulative.set(key, { attributes, startTime: point.startTime, value });
      keepExemplars(entry.cumulative.get(key)!, point);
      return;
    }
    if (entry.dataPointType === DataPointType.SUM) {
      (held.value as number) += point.value as number;
    } else if (entry.dataPointType === DataPointType.HISTOGRAM) {
      const name = entry.descriptor.name;
      held.value = mergeHistogram(held.value as Histogram, point.value as Histogram, name);
    } else {
      held.value = mergeExponential(
        held.value as ExponentialHistogram,
        point.value as ExponentialHistogram,
      );
    }
    if (earlier(point.startTime, held.startTime)) held.startTime = point.startTime;
    keepExemplars(held, point);
  }

  private setLevel(entry: Entry, source: string, point: DataPoint<Value>): void {
    let key = seriesKey(point.attributes);
    let level = entry.levels.get(key);
    if (!level) {
      if (entry.levels.size >= this.limit - 1) key = OVERFLOW_KEY;
      level = entry.levels.get(key);
      if (!level) {
        const attributes = key === OVERFLOW_KEY ? OVERFLOW_ATTRIBUTES : point.attributes;
        entry.levels.set(key, (level = { attributes, perSource: new Map() }));
      }
    }
    const previous = level.perSource.get(source);
    const value = point.value as number;
    // Gauges carry their current value; up-down counters arrive as deltas and accumulate.
    const isGauge = entry.dataPointType === DataPointType.GAUGE;
    const next = previous && !isGauge ? previous.value + value : value;
    const startTime =
      previous && earlier(previous.startTime, point.startTime)
        ? previous.startTime
        : point.startTime;
    level.perSource.set(source, { value: next, stamp: ++this.stamp, startTime });
  }

  private metricOf(entry: Entry, endTime: HrTime): MetricData {
    const dataPoints: DataPoint<Value>[] = [];
    for (const series of entry.cumulative.values()) {
      dataPoints.push({
        attributes: series.attributes,
        startTime: series.startTime,
        endTime,
        value: series.value,
        ...(series.exemplars ? { exemplars: series.exemplars } : {}),
      } as DataPoint<Value>);
    }
    const policy =
      entry.dataPointType === DataPointType.GAUGE ? this.policy(entry.descriptor.name) : 'sum';
    for (const level of entry.levels.values()) {
      const sources = [...level.perSource.entries()];
      const startTime = sources
        .map(([, v]) => v.startTime)
        .reduce((a, b) => (earlier(b, a) ? b : a));
      if (policy === 'per-worker') {
        for (const [source, v] of sources) {
          const attributes = { ...level.attributes, [this.workerAttribute]: source };
          dataPoints.push({ attributes, startTime: v.startTime, endTime, value: v.value });
        }
      } else {
        const value = combine(
          policy,
          sources.map(([, v]) => v),
        );
        dataPoints.push({ attributes: level.attributes, startTime, endTime, value });
      }
    }
    return {
      descriptor: entry.descriptor,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: entry.dataPointType,
      dataPoints,
      ...(entry.dataPointType === DataPointType.SUM ? { isMonotonic: entry.isMonotonic } : {}),
    } as MetricData;
  }
}

/**
 * Throws {@link BoundaryMismatchError} when a point of `metric` has other bucket boundaries than
 * the series already held (all series of one instrument share its boundaries).
 */
function checkBoundaries(entry: Entry, metric: MetricData): void {
  const reference = (entry.cumulative.values().next().value?.value ??
    metric.dataPoints[0]?.value) as Histogram | undefined;
  if (!reference) return;
  const bounds = reference.buckets.boundaries;
  for (const point of metric.dataPoints as DataPoint<Histogram>[]) {
    const other = point.value.buckets.boundaries;
    if (other.length !== bounds.length || other.some((b, i) => b !== bounds[i])) {
      throw new BoundaryMismatchError(entry.descriptor.name);
    }
  }
}

function keepExemplars(series: Cumulative, point: DataPoint<Value>): void {
  const exemplars = (point as { exemplars?: unknown[] }).exemplars;
  if (exemplars?.length) series.exemplars = exemplars;
}

function earlier(a: HrTime, b: HrTime): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** Collects metrics into one `ScopeMetrics` per scope (name, version, schema URL), in first-seen order. */
export class ScopeGrouper {
  private readonly scopes = new Map<string, ScopeMetrics>();

  add(scope: InstrumentationScope, metric: MetricData): void {
    const id = `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}`;
    let found = this.scopes.get(id);
    if (!found) this.scopes.set(id, (found = { scope, metrics: [] }));
    found.metrics.push(metric);
  }

  result(): ScopeMetrics[] {
    return [...this.scopes.values()];
  }
}
