import { isSummaryMetricData, type Summary, type SummaryMetricData } from '@meterline/engine';
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** A histogram point read back: totals plus cumulative buckets, the way Prometheus shows them. */
export interface HistogramValue {
  readonly count: number;
  readonly sum: number;
  /** Smallest recorded value; undefined when the SDK did not track it. */
  readonly min?: number;
  readonly max?: number;
  /** Upper bounds without `+Inf`, as configured. */
  readonly boundaries: readonly number[];
  /** Per-bucket counts as the SDK keeps them: `boundaries.length + 1` entries, the last `+Inf`. */
  readonly counts: readonly number[];
  /** Cumulative counts by upper bound, `le: Infinity` last (equal to `count`). */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
}

/** How a point is picked: exact attribute set, or a subset match. */
export interface PointQuery {
  /** Only metrics of this meter (scope) name. @default any scope */
  readonly scope?: string;
}

/**
 * One collection's result with finders for unit tests. Every reader method throws an `Error`
 * that names what it looked for and lists what there was instead, so a failing assertion says why.
 * Immutable: it describes the moment of the collection.
 */
export class MetricsSnapshot {
  constructor(
    /** The raw collection, for anything the finders do not cover. */
    readonly resourceMetrics: ResourceMetrics,
  ) {}

  /** Every metric collected, in scope order. */
  metrics(): MetricData[] {
    return this.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  }

  /** The names of every metric collected, sorted. */
  names(): string[] {
    return [...new Set(this.metrics().map((m) => m.descriptor.name))].sort();
  }

  /** The metric called `name`, or undefined. */
  find(name: string, query: PointQuery = {}): MetricData | undefined {
    for (const scope of this.resourceMetrics.scopeMetrics) {
      if (query.scope !== undefined && scope.scope.name !== query.scope) continue;
      const metric = scope.metrics.find((m) => m.descriptor.name === name);
      if (metric) return metric;
    }
    return undefined;
  }

  /** The metric called `name`; throws listing the names there are when it is missing. */
  metric(name: string, query: PointQuery = {}): MetricData {
    const metric = this.find(name, query);
    if (!metric) {
      const scope = query.scope === undefined ? '' : ` in scope "${query.scope}"`;
      throw new Error(
        `no metric "${name}"${scope} was collected; there are: ${this.names().join(', ') || 'none'}`,
      );
    }
    return metric;
  }

  /** The points of `name` whose attributes include every entry of `subset` (all when omitted). */
  points(name: string, subset: Attributes = {}, query: PointQuery = {}): DataPoint<unknown>[] {
    const points = this.metric(name, query).dataPoints as DataPoint<unknown>[];
    return points.filter((p) => includes(p.attributes, subset));
  }

  /**
   * The point of `name` whose attribute set is exactly `attributes` (`{}` for none). Throws
   * listing the attribute sets there are when none matches.
   */
  point(name: string, attributes: Attributes = {}, query: PointQuery = {}): DataPoint<unknown> {
    const metric = this.metric(name, query);
    const points = metric.dataPoints as DataPoint<unknown>[];
    const found = points.find((p) => sameAttributes(p.attributes, attributes));
    if (!found) {
      const sets = points.map((p) => JSON.stringify(p.attributes)).join(', ');
      throw new Error(
        `metric "${name}" has no point with attributes ${JSON.stringify(attributes)}; it has: ${sets || 'no points'}`,
      );
    }
    return found;
  }

  /** The value of a counter or up-down counter (a sum) at `attributes`. */
  counter(name: string, attributes: Attributes = {}, query: PointQuery = {}): number {
    this.expectType(name, DataPointType.SUM, 'a counter (sum)', query);
    return this.point(name, attributes, query).value as number;
  }

  /** The last value of a gauge at `attributes`. */
  gauge(name: string, attributes: Attributes = {}, query: PointQuery = {}): number {
    this.expectType(name, DataPointType.GAUGE, 'a gauge', query);
    return this.point(name, attributes, query).value as number;
  }

  /** Count, sum, min, max and buckets of a histogram at `attributes`. */
  histogram(name: string, attributes: Attributes = {}, query: PointQuery = {}): HistogramValue {
    this.expectType(name, DataPointType.HISTOGRAM, 'an explicit-bucket histogram', query);
    const value = this.point(name, attributes, query).value as Histogram;
    const boundaries = value.buckets.boundaries;
    const counts = value.buckets.counts;
    let running = 0;
    const buckets = counts.map((c, i) => {
      running += c;
      return { le: i < boundaries.length ? boundaries[i]! : Infinity, count: running };
    });
    return {
      count: value.count,
      sum: value.sum ?? 0,
      min: value.min,
      max: value.max,
      boundaries,
      counts,
      buckets,
    };
  }

  /**
   * Count, sum and quantiles of a summary (the engine's summary aggregation) at `attributes`;
   * a quantile is NaN while the window holds no value.
   */
  summary(name: string, attributes: Attributes = {}, query: PointQuery = {}): Summary {
    const metric = this.metric(name, query) as MetricData | SummaryMetricData;
    if (!isSummaryMetricData(metric)) {
      throw new Error(
        `metric "${name}" is not a summary: its points are ${DataPointType[metric.dataPointType]}`,
      );
    }
    return this.point(name, attributes, query).value as unknown as Summary;
  }

  /** Start and end time of the point at `attributes`, for temporality checks. */
  times(name: string, attributes: Attributes = {}): { start: HrTime; end: HrTime } {
    const point = this.point(name, attributes);
    return { start: point.startTime, end: point.endTime };
  }

  private expectType(name: string, type: DataPointType, what: string, query: PointQuery) {
    const metric = this.metric(name, query);
    if (metric.dataPointType !== type) {
      const kind = isSummaryMetricData(metric as MetricData | SummaryMetricData)
        ? 'a summary'
        : DataPointType[metric.dataPointType];
      throw new Error(`metric "${name}" is not ${what}: its points are ${kind}`);
    }
  }
}

function includes(attributes: Attributes, subset: Attributes): boolean {
  return Object.entries(subset).every(([k, v]) => equal(attributes[k], v));
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && includes(a, b);
}

function equal(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}
