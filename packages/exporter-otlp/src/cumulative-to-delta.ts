import type { HrTime } from '@opentelemetry/api';
import { attributesKey } from '@meterline/engine';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type MetricCollectOptions,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

/** The last cumulative point of one series, and when it was taken. */
interface Last {
  readonly endTime: HrTime;
  readonly value: number | Histogram;
}

/**
 * Turns the CUMULATIVE monotonic sums and explicit-bucket histograms of another producer into
 * DELTA, for an OTLP reader that prefers delta: a cluster primary's merged producer yields
 * cumulative totals (it keeps them so nothing is lost when a worker dies), and without this a
 * delta-preferring receiver would get them as they are.
 *
 * Which metrics become delta is asked of `temporalityOf` (the exporter's own selector) as a
 * counter for monotonic sums and as a histogram for histograms; up-down sums and gauges pass
 * through. Each delta starts where the previous collection of its series ended (the first one at
 * the series' start time). A total below the previous one (a restarted source) is passed whole,
 * from its own start time. Delta histograms after the first carry no min/max (they cannot be
 * derived from two cumulative ones). Exponential
 * histograms stay cumulative (documented in the README). State is kept only for the series the last
 * collection returned.
 */
export class CumulativeToDeltaProducer implements MetricProducer {
  private last = new Map<string, Last>();

  constructor(
    private readonly source: MetricProducer,
    private readonly temporalityOf: (type: InstrumentType) => AggregationTemporality,
  ) {}

  async collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    const result = await this.source.collect(options);
    const next = new Map<string, Last>();
    const scopeMetrics = result.resourceMetrics.scopeMetrics.map((scope) => {
      const prefix = `${scope.scope.name}\u0000${scope.scope.version ?? ''}\u0000`;
      return {
        scope: scope.scope,
        metrics: scope.metrics.map((metric) =>
          this.convert(`${prefix}${metric.descriptor.name}\u0000`, metric, next),
        ),
      };
    });
    this.last = next;
    return { ...result, resourceMetrics: { ...result.resourceMetrics, scopeMetrics } };
  }

  private convert(prefix: string, metric: MetricData, next: Map<string, Last>): MetricData {
    if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) return metric;
    if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) {
      if (this.temporalityOf(InstrumentType.COUNTER) !== AggregationTemporality.DELTA)
        return metric;
      return {
        ...metric,
        aggregationTemporality: AggregationTemporality.DELTA,
        dataPoints: metric.dataPoints.map((point) => {
          const previous = this.remember(prefix, point, next);
          if (previous === undefined || point.value < (previous.value as number)) return point;
          const value = point.value - (previous.value as number);
          return { ...point, startTime: previous.endTime, value };
        }),
      };
    }
    if (metric.dataPointType === DataPointType.HISTOGRAM) {
      if (this.temporalityOf(InstrumentType.HISTOGRAM) !== AggregationTemporality.DELTA) {
        return metric;
      }
      return {
        ...metric,
        aggregationTemporality: AggregationTemporality.DELTA,
        dataPoints: metric.dataPoints.map((point) => {
          const previous = this.remember(prefix, point, next);
          const before = previous?.value as Histogram | undefined;
          if (previous === undefined || !follows(point.value, before!)) return point;
          return {
            ...point,
            startTime: previous.endTime,
            value: histogramDelta(point.value, before!),
          };
        }),
      };
    }
    return metric;
  }

  /** The series' previous point, after recording this one as the next collection's previous. */
  private remember(
    prefix: string,
    point: DataPoint<number | Histogram>,
    next: Map<string, Last>,
  ): Last | undefined {
    const key = prefix + (attributesKey(point.attributes) ?? JSON.stringify(point.attributes));
    next.set(key, { endTime: point.endTime, value: point.value });
    return this.last.get(key);
  }
}

/** True when `now` can follow `before` (same buckets, no count went down: no reset between). */
function follows(now: Histogram, before: Histogram): boolean {
  return (
    now.count >= before.count &&
    sameBoundaries(now.buckets.boundaries, before.buckets.boundaries) &&
    now.buckets.counts.every((count, i) => count >= before.buckets.counts[i]!)
  );
}

/** `now - before`, bucket by bucket; min and max cannot be derived. */
function histogramDelta(now: Histogram, before: Histogram): Histogram {
  return {
    buckets: {
      boundaries: now.buckets.boundaries,
      counts: now.buckets.counts.map((count, i) => count - before.buckets.counts[i]!),
    },
    count: now.count - before.count,
    sum: now.sum !== undefined && before.sum !== undefined ? now.sum - before.sum : undefined,
  };
}

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, i) => bound === b[i]);
}
