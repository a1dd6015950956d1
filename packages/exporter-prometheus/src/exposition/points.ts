import { deferredPoints, type PointSource } from '@meterline/engine';
import type { Attributes } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { keyLabelPairs, labelBlock, omitsEmptyLabel, type ReservedLabels } from './labels.js';

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

/** The first point of a metric, or undefined when it has none. */
export function firstPoint<P>(metric: WithPoints<P>): P | undefined {
  const source = sourceOf(metric);
  if (source === undefined) return metric.dataPoints[0];
  return source.count > 0 ? (source.pointAt(0) as P) : undefined;
}

/** The attributes a point carries when its labels come from its series' key (never read). */
const KEYED: Attributes = Object.freeze({});

/**
 * A metric's points in order with each point's label block, for the serializers' loops.
 *
 * A deferred metric's series that holds its engine key instead of its attribute set (the
 * engine's `PointSource.keyAt`) has its block written from the key, and its point carries a
 * placeholder instead of a set built for the occasion: at 100k series that set was most of a
 * scrape's garbage. {@link attributes} builds the set when something needs it (a message naming
 * a dropped series).
 */
export class PointCursor<P extends { readonly attributes: Attributes }> {
  readonly count: number;
  private readonly source: PointSource | undefined;
  private readonly points: readonly P[];
  private readonly names: readonly string[] | undefined;
  private at = -1;
  private current: P | undefined;
  /** The current key-held point's pairs (its block without the trailing comma) and block. */
  private keyedPairs = '';
  private keyedBlock = '';

  constructor(
    metric: WithPoints<P>,
    private readonly reserved: ReservedLabels,
  ) {
    this.source = sourceOf(metric);
    this.points = this.source === undefined ? metric.dataPoints : [];
    this.count = this.source?.count ?? this.points.length;
    this.names = this.source?.keyNames;
  }

  /** Moves to the next point: false after the last. */
  next(): boolean {
    const at = ++this.at;
    if (at >= this.count) return false;
    const source = this.source;
    if (source === undefined) {
      this.current = this.points[at]!;
      return true;
    }
    const key = this.names === undefined ? undefined : source.keyAt(at);
    const pairs = key === undefined ? undefined : keyLabelPairs(key, this.names!, this.reserved);
    if (pairs === undefined) {
      this.current = source.pointAt(at) as unknown as P;
    } else {
      this.keyedPairs = pairs;
      this.keyedBlock = `${pairs},`;
      this.current = source.pointAt(at, KEYED) as unknown as P;
    }
    return true;
  }

  /** The current point. Its `attributes` may be a placeholder: read {@link attributes}. */
  get point(): P {
    return this.current!;
  }

  /** The current point's label block (as `labelBlock` writes it: `k="v",` pairs, trailing comma). */
  labels(): string {
    const attributes = this.current!.attributes;
    return attributes === KEYED ? this.keyedBlock : labelBlock(attributes, this.reserved);
  }

  /**
   * The current point's label block without its trailing comma ('' for none), for a line's
   * `{...}`. A key-held point's is made before its block, not cut from it: `slice` on a
   * concatenated string first copies it into one flat string, and at 100k series those copies
   * were a fifth of the exposition's time.
   */
  pairs(): string {
    const attributes = this.current!.attributes;
    if (attributes === KEYED) return this.keyedPairs;
    const block = labelBlock(attributes, this.reserved);
    return block === '' ? '' : block.slice(0, -1);
  }

  /** Whether the current point's labels come from its series' key (its attributes are not a set). */
  keyed(): boolean {
    return this.current!.attributes === KEYED;
  }

  /** Whether the current point's block left out a label with an empty value. */
  omitsEmptyLabel(): boolean {
    const attributes = this.current!.attributes;
    return attributes !== KEYED && omitsEmptyLabel(attributes);
  }

  /** The current point's attribute set (built, for a point that carries a placeholder). */
  attributes(): Attributes {
    return this.attributesAt(this.at);
  }

  /** The attribute set of the point at `at`. */
  attributesAt(at: number): Attributes {
    if (this.source !== undefined) {
      return at === this.at && this.current!.attributes !== KEYED
        ? this.current!.attributes
        : this.source.attributesAt(at);
    }
    return this.points[at]!.attributes;
  }

  /** The label block of the point at `at` (built from its set). */
  labelsAt(at: number): string {
    return labelBlock(this.attributesAt(at), this.reserved);
  }

  /** The position of the current point. */
  get position(): number {
    return this.at;
  }
}
