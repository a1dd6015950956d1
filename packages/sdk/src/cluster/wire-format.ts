import { isSummaryMetricData, type SummaryMetricData } from '@meterline/engine';
import type { Attributes, HrTime } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type MetricData,
  type MetricDescriptor,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';

/**
 * A point on the wire: attributes and value; then its start time when not the metric's (else
 * null, when exemplars follow); then its exemplars, when it has any.
 */
export type WirePoint =
  | [Attributes, unknown]
  | [Attributes, unknown, HrTime | null]
  | [Attributes, unknown, HrTime | null, unknown[]];

/** One instrument's delta on the wire: its points share one end time and (mostly) one start. */
export interface WireMetric {
  readonly descriptor: MetricDescriptor;
  readonly type: DataPointType;
  readonly temporality: AggregationTemporality;
  readonly monotonic?: boolean;
  readonly start: HrTime;
  readonly end: HrTime;
  readonly points: WirePoint[];
}

/** Delta metric data as it travels: plain data, safe for JSON (cluster IPC) and structured clone. */
export type WireMetrics = { scope: InstrumentationScope; metrics: WireMetric[] }[];

/**
 * Readies delta metric data for the channel, compactly (a point is `[attributes, value]`: the
 * times every point of one collection shares are sent once). The resource is left out (the
 * primary exports under its own). Non-finite values, which JSON would turn into null, are spelled
 * out: a sum or gauge value as a string (`"NaN"`, `"Infinity"`); a histogram's min, max or sum,
 * non-finite only when it is empty, dropped.
 */
export function encodeMetrics(
  scopes: readonly ScopeMetrics[],
  onSummary: (name: string) => void = () => {},
): WireMetrics {
  return scopes.map((scope) => ({
    scope: {
      name: scope.scope.name,
      version: scope.scope.version,
      schemaUrl: scope.scope.schemaUrl,
    },
    metrics: scope.metrics
      .filter((metric) => {
        // Quantiles over a window do not add up across workers: summaries stay per process.
        if (!isSummaryMetricData(metric as MetricData | SummaryMetricData)) return true;
        onSummary(metric.descriptor.name);
        return false;
      })
      .filter((metric) => metric.dataPoints.length > 0)
      .map((metric): WireMetric => {
        const points = metric.dataPoints as DataPoint<unknown>[];
        const start = points[0]!.startTime;
        return {
          descriptor: metric.descriptor,
          type: metric.dataPointType,
          temporality: metric.aggregationTemporality,
          ...(metric.dataPointType === DataPointType.SUM ? { monotonic: metric.isMonotonic } : {}),
          start,
          end: points[0]!.endTime,
          points: points.map((p): WirePoint => {
            const value = wireValue(p.value);
            const sameStart = p.startTime[0] === start[0] && p.startTime[1] === start[1];
            const exemplars = (p as { exemplars?: unknown[] }).exemplars;
            if (exemplars?.length) {
              return [p.attributes, value, sameStart ? null : p.startTime, exemplars];
            }
            return sameStart ? [p.attributes, value] : [p.attributes, value, p.startTime];
          }),
        };
      }),
  }));
}

function wireValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  const h = value as { min?: number; max?: number; sum?: number };
  if ([h.min, h.max, h.sum].every((v) => v === undefined || Number.isFinite(v))) return value;
  const copy = { ...h };
  for (const key of ['min', 'max', 'sum'] as const) {
    if (copy[key] !== undefined && !Number.isFinite(copy[key])) delete copy[key];
  }
  return copy;
}

/**
 * Turns delta metric data received from a worker back into standard metric data, checking the
 * shape the merge relies on.
 * @throws {Error} naming the first malformed part.
 */
export function decodeMetrics(data: unknown): ScopeMetrics[] {
  if (!Array.isArray(data)) throw new Error('delta data is not a list of scopes');
  return (data as WireMetrics).map((scope, i) => {
    if (typeof scope?.scope?.name !== 'string' || !Array.isArray(scope.metrics)) {
      throw new Error(`delta scope #${i} lacks a name or a metric list`);
    }
    return {
      scope: scope.scope,
      metrics: scope.metrics.map((m) => decodeMetric(scope.scope.name, m)),
    };
  });
}

function decodeMetric(scopeName: string, metric: WireMetric): MetricData {
  const name = metric?.descriptor?.name;
  if (typeof name !== 'string') throw new Error(`a metric of scope ${scopeName} has no name`);
  if (!(metric.type in DataPointType) || !Array.isArray(metric.points)) {
    throw new Error(`metric ${name} has no known point type or no point list`);
  }
  if (!isHrTime(metric.start) || !isHrTime(metric.end)) {
    throw new Error(`metric ${name} has no start or end time`);
  }
  const dataPoints = metric.points.map((point) => {
    if (!Array.isArray(point) || typeof point[0] !== 'object' || point[0] === null) {
      throw new Error(`metric ${name}: a point is not [attributes, value]`);
    }
    const value = typeof point[1] === 'string' ? Number(point[1]) : point[1];
    const startTime = isHrTime(point[2]) ? point[2] : metric.start;
    const exemplars = Array.isArray(point[3]) ? point[3] : undefined;
    return {
      attributes: point[0],
      startTime,
      endTime: metric.end,
      value,
      ...(exemplars ? { exemplars } : {}),
    };
  });
  return {
    descriptor: metric.descriptor,
    aggregationTemporality:
      metric.temporality === AggregationTemporality.CUMULATIVE
        ? AggregationTemporality.CUMULATIVE
        : AggregationTemporality.DELTA,
    dataPointType: metric.type,
    dataPoints,
    ...(metric.type === DataPointType.SUM ? { isMonotonic: metric.monotonic === true } : {}),
  } as MetricData;
}

function isHrTime(value: unknown): value is HrTime {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number');
}
