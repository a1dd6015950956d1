import type { HrTime } from '@opentelemetry/api';
import type { HistogramValue } from '../generated/meterline/metrics/v1/HistogramValue.js';
import type { Metric } from '../generated/meterline/metrics/v1/Metric.js';
import type { Point } from '../generated/meterline/metrics/v1/Point.js';
import { millisToTimestamp, toTimestamp, type SeriesMetric, type SeriesPoint } from './convert.js';

/** What a delta view remembers between two answers: the cumulative points it last saw. */
export interface Snapshot {
  /** When the previous answer was collected (ms since the epoch). */
  readonly timeMillis: number;
  /** Points by stream key, then series key. */
  readonly metrics: ReadonlyMap<string, ReadonlyMap<string, SeriesPoint>>;
}

/** The cumulative view of streams as API messages. */
export function cumulativeMetrics(metrics: readonly SeriesMetric[]): Metric[] {
  return metrics.map((m) => ({
    ...header(m),
    temporality: 'TEMPORALITY_CUMULATIVE',
    points: m.points.map((p) => pointMessage(p, p.startTime, p.number, p.histogram, false)),
  }));
}

/**
 * The delta view of `metrics` against `previous` (none: every series is new): for sums the
 * difference of the values, for histograms of count, sum and each bucket (min and max cannot be
 * derived and are left out); gauges keep their value. A series the snapshot does not know, or
 * whose start time changed or whose value went down (a counter or histogram restarted), is
 * answered with its whole value and `reset: true`.
 */
export function deltaMetrics(
  metrics: readonly SeriesMetric[],
  previous: Snapshot | undefined,
): Metric[] {
  return metrics.map((m) => {
    const before = previous?.metrics.get(m.key);
    const since = previous ? hrTime(previous.timeMillis) : undefined;
    return {
      ...header(m),
      temporality: 'TEMPORALITY_DELTA',
      points: m.points.map((p) => {
        if (!m.accumulates)
          return pointMessage(p, since ?? p.startTime, p.number, undefined, false);
        const old = before?.get(p.key);
        const restarted = old === undefined || !sameTime(old.startTime, p.startTime);
        if (p.number !== undefined) {
          const monotonic = m.kind === 'INSTRUMENT_KIND_COUNTER';
          const diff = restarted ? p.number : p.number - (old.number ?? 0);
          const reset = restarted || (monotonic && diff < 0);
          const start = reset || since === undefined ? p.startTime : since;
          return pointMessage(p, start, reset ? p.number : diff, undefined, reset);
        }
        const h = p.histogram!;
        const reset =
          restarted || old.histogram === undefined || Number(h.count) < Number(old.histogram.count);
        if (reset || since === undefined) return pointMessage(p, p.startTime, undefined, h, true);
        return pointMessage(p, since, undefined, histogramDelta(h, old.histogram!), false);
      }),
    };
  });
}

/** What to remember of an answer for the next delta. */
export function snapshotOf(metrics: readonly SeriesMetric[], timeMillis: number): Snapshot {
  return {
    timeMillis,
    metrics: new Map(
      metrics
        .filter((m) => m.accumulates)
        .map((m) => [m.key, new Map(m.points.map((p) => [p.key, p]))]),
    ),
  };
}

function histogramDelta(now: HistogramValue, before: HistogramValue): HistogramValue {
  const sameBounds =
    now.bounds!.length === before.bounds!.length &&
    now.bounds!.every((b, i) => b === before.bounds![i]);
  return {
    count: Number(now.count) - Number(before.count),
    sum: Number(now.sum) - Number(before.sum),
    bounds: now.bounds,
    bucketCounts: sameBounds
      ? now.bucketCounts!.map((c, i) => Number(c) - Number(before.bucketCounts![i] ?? 0))
      : now.bucketCounts,
    hasMinMax: false,
    min: 0,
    max: 0,
  };
}

function header(m: SeriesMetric): Omit<Metric, 'points' | 'temporality'> {
  return { name: m.name, description: m.description, unit: m.unit, kind: m.kind, scope: m.scope };
}

function pointMessage(
  p: SeriesPoint,
  start: HrTime,
  number: number | undefined,
  histogram: HistogramValue | undefined,
  reset: boolean,
): Point {
  return {
    attributes: p.attributes,
    startTime: toTimestamp(start),
    time: toTimestamp(p.time),
    ...(histogram ? { histogram } : { number: number ?? 0 }),
    reset,
  };
}

function sameTime(a: HrTime, b: HrTime): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function hrTime(millis: number): HrTime {
  const t = millisToTimestamp(millis);
  return [Number(t.seconds), t.nanos ?? 0];
}
