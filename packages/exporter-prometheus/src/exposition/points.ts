import { deferredPoints, type PointSource } from '@meterline/engine';
import type { Attributes } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';

/** A metric as the serializers read it: the SDK's, or the engine's summary data. */
interface WithPoints<P> {
  readonly dataPoints: readonly P[];
}

function sourceOf(metric: WithPoints<unknown>): PointSource | undefined {
  return deferredPoints(metric as unknown as MetricData);
}

/** Points of a metric, without building a deferred metric's points. */
export function pointCount(metric: WithPoints<unknown>): number {
  return sourceOf(metric)?.count ?? metric.dataPoints.length;
}

/**
 * A metric's points in order. A deferred metric's (collected with `deferPoints`) are built one at a
 * time as the loop reaches them, and nothing here keeps them: a point the serializer has written is
 * garbage at once, so a large scrape's points are never all alive together.
 */
export function pointsOf<M extends WithPoints<unknown>>(
  metric: M,
): Iterable<M['dataPoints'][number]> {
  type P = M['dataPoints'][number];
  const source = sourceOf(metric);
  if (source === undefined) return metric.dataPoints;
  return {
    [Symbol.iterator]: (): Iterator<P> => {
      let at = 0;
      return {
        next: () =>
          at < source.count
            ? { value: source.pointAt(at++) as P, done: false }
            : { value: undefined, done: true },
      };
    },
  };
}

/** The first point of a metric, or undefined when it has none. */
export function firstPoint<P>(metric: WithPoints<P>): P | undefined {
  const source = sourceOf(metric);
  if (source === undefined) return metric.dataPoints[0];
  return source.count > 0 ? (source.pointAt(0) as P) : undefined;
}

/** The attributes of a metric's point by position (a deferred metric's, without building it). */
export function attributesAt(
  metric: WithPoints<{ readonly attributes: Attributes }>,
): (at: number) => Attributes {
  const source = sourceOf(metric);
  if (source !== undefined) return (at) => source.attributesAt(at);
  const points = metric.dataPoints;
  return (at) => points[at]!.attributes;
}
