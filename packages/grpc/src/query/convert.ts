import type { HrTime } from '@opentelemetry/api';
import {
  DataPointType,
  type MetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Attribute } from '../generated/meterline/metrics/v1/Attribute.js';
import type { AttributeValue } from '../generated/meterline/metrics/v1/AttributeValue.js';
import type { HistogramValue } from '../generated/meterline/metrics/v1/HistogramValue.js';
import type { InstrumentKind } from '../generated/meterline/metrics/v1/InstrumentKind.js';
import type { Timestamp } from '../generated/google/protobuf/Timestamp.js';
import { matchesAll, type CompiledMatcher } from './matchers.js';

/** A point as the services keep it between conversion and sending (values still cumulative). */
export interface SeriesPoint {
  /** Identity of the series within its metric: its attributes as sorted JSON. */
  readonly key: string;
  readonly attributes: Attribute[];
  readonly startTime: HrTime;
  readonly time: HrTime;
  readonly number?: number;
  readonly histogram?: HistogramValue;
}

/** One stream of the queried instrument and its matching points. */
export interface SeriesMetric {
  /** Identity of the stream: scope, name, unit, description and point type. */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly kind: InstrumentKind;
  readonly scope: { name: string; version: string; schemaUrl: string };
  /** True for sums and histograms (deltas make sense), false for gauges. */
  readonly accumulates: boolean;
  readonly points: SeriesPoint[];
}

/**
 * The streams named `name` (undefined: every stream) in a collection, with the points every
 * matcher matches.
 */
export function selectMetrics(
  resourceMetrics: ResourceMetrics,
  name: string | undefined,
  matchers: readonly CompiledMatcher[],
): SeriesMetric[] {
  const out: SeriesMetric[] = [];
  for (const scopeMetrics of resourceMetrics.scopeMetrics) {
    for (const metric of scopeMetrics.metrics) {
      if (name !== undefined && metric.descriptor.name !== name) continue;
      out.push(toSeriesMetric(scopeMetrics, metric, matchers));
    }
  }
  return out;
}

function toSeriesMetric(
  scopeMetrics: ScopeMetrics,
  metric: MetricData,
  matchers: readonly CompiledMatcher[],
): SeriesMetric {
  const scope = {
    name: scopeMetrics.scope.name,
    version: scopeMetrics.scope.version ?? '',
    schemaUrl: scopeMetrics.scope.schemaUrl ?? '',
  };
  const points: SeriesPoint[] = [];
  for (const dp of metric.dataPoints as MetricData['dataPoints'][number][]) {
    if (!matchesAll(matchers, dp.attributes)) continue;
    const attributes = toAttributes(dp.attributes);
    const base = {
      key: JSON.stringify(attributes.map((a) => [a.key, a.value])),
      attributes,
      startTime: dp.startTime,
      time: dp.endTime,
    };
    const value = dp.value as unknown;
    if (typeof value === 'number') {
      points.push({ ...base, number: value });
    } else if (value !== null && typeof value === 'object') {
      points.push({ ...base, histogram: toHistogram(value as HistogramLike) });
    }
  }
  return {
    key: JSON.stringify([
      scope.name,
      scope.version,
      metric.descriptor.name,
      metric.descriptor.unit,
      metric.descriptor.description,
      metric.dataPointType,
    ]),
    name: metric.descriptor.name,
    description: metric.descriptor.description,
    unit: metric.descriptor.unit,
    kind: kindOf(metric),
    scope,
    accumulates: metric.dataPointType !== DataPointType.GAUGE,
    points,
  };
}

interface HistogramLike {
  readonly count?: number;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
  readonly buckets?: { readonly boundaries: readonly number[]; readonly counts: readonly number[] };
}

function toHistogram(h: HistogramLike): HistogramValue {
  // Exponential histograms (and other shapes) keep count and sum; their buckets are not sent.
  const explicit = h.buckets !== undefined && Array.isArray(h.buckets.boundaries);
  const hasMinMax = typeof h.min === 'number' && typeof h.max === 'number';
  return {
    count: h.count ?? 0,
    sum: h.sum ?? 0,
    bounds: explicit ? [...h.buckets!.boundaries] : [],
    bucketCounts: explicit ? [...h.buckets!.counts] : [],
    hasMinMax,
    min: hasMinMax ? h.min! : 0,
    max: hasMinMax ? h.max! : 0,
  };
}

function kindOf(metric: MetricData): InstrumentKind {
  switch (metric.dataPointType) {
    case DataPointType.GAUGE:
      return 'INSTRUMENT_KIND_GAUGE';
    case DataPointType.SUM:
      return metric.isMonotonic ? 'INSTRUMENT_KIND_COUNTER' : 'INSTRUMENT_KIND_UP_DOWN_COUNTER';
    default:
      return 'INSTRUMENT_KIND_HISTOGRAM';
  }
}

/** Attributes in key order, as the API's typed values (arrays as their JSON text). */
export function toAttributes(attributes: Readonly<Record<string, unknown>>): Attribute[] {
  return Object.keys(attributes)
    .sort()
    .filter((key) => attributes[key] !== undefined)
    .map((key) => ({ key, value: toAttributeValue(attributes[key]) }));
}

function toAttributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { intValue: value } : { doubleValue: value };
  }
  return { stringValue: JSON.stringify(value) };
}

/** An `HrTime` as a protobuf Timestamp. */
export function toTimestamp(time: HrTime): Timestamp {
  return { seconds: time[0], nanos: time[1] };
}

/** Milliseconds since the epoch as a protobuf Timestamp. */
export function millisToTimestamp(millis: number): Timestamp {
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: Math.round((millis - seconds * 1000) * 1e6) };
}
