import {
  ROOT_CONTEXT,
  TraceFlags,
  context as apiContext,
  trace,
  type Attributes,
  type Context,
  type HrTime,
  type SpanContext,
} from '@opentelemetry/api';
import { millisToHrTime } from './hr-time.js';
import { contextWatch } from './context-watch.js';

/**
 * Which measurements may become exemplars (`OTEL_METRICS_EXEMPLAR_FILTER`): those recorded inside
 * a sampled span (`trace_based`, the spec's default), all (`always_on`), none (`always_off`).
 */
export type ExemplarFilter = 'trace_based' | 'always_on' | 'always_off';

export const EXEMPLAR_FILTERS: readonly ExemplarFilter[] = [
  'trace_based',
  'always_on',
  'always_off',
];

/** An exemplar as the OpenTelemetry data model has it, on a data point's `exemplars`. */
export interface Exemplar {
  readonly filteredAttributes: Attributes;
  readonly value: number;
  readonly timestamp: HrTime;
  readonly traceId?: string;
  readonly spanId?: string;
}

/**
 * The span context a measurement may carry as an exemplar, or undefined when the filter rejects
 * it. Reads the active context only when the caller gave none and a context manager is registered
 * (see {@link contextWatch}): without one no span can be active.
 */
export function exemplarSpan(
  filter: ExemplarFilter,
  context: Context | undefined,
): SpanContext | false | undefined {
  if (context === undefined) {
    if (!contextWatch.managed) return filter === 'always_on' ? false : undefined;
    context = apiContext.active();
  }
  // The root context holds no span (the common case outside any request's span).
  const span = context === ROOT_CONTEXT ? undefined : trace.getSpanContext(context);
  if (filter === 'always_on') return span ?? false;
  if (span === undefined || (span.traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
  return span;
}

/**
 * The spec's reservoirs. `aligned`: one slot per histogram bucket, holding the last measurement
 * that fell in it (AlignedHistogramBucketExemplarReservoir). Otherwise `size` slots filled by
 * reservoir sampling, every measurement offered since the last collection equally likely to be
 * kept (SimpleFixedSizeExemplarReservoir). A delta collection empties it (a point carries the
 * exemplars of its interval); a cumulative one keeps what it holds until newer measurements
 * replace it, so every scrape of a cumulative series shows its latest exemplars (as Prometheus
 * clients do), whoever scraped before.
 */
export class ExemplarReservoir {
  private slots: (Exemplar | undefined)[];
  private offered = 0;

  constructor(
    private readonly size: number,
    private readonly aligned: boolean,
  ) {
    this.slots = new Array<Exemplar | undefined>(size);
  }

  /** `span` false: always_on outside any span (an exemplar without trace and span ids). */
  offer(value: number, bucket: number, span: SpanContext | false): void {
    let slot: number;
    if (this.aligned) {
      slot = bucket;
    } else {
      this.offered++;
      slot =
        this.offered <= this.size ? this.offered - 1 : Math.floor(Math.random() * this.offered);
      if (slot >= this.size) return;
    }
    this.slots[slot] = {
      filteredAttributes: {},
      value,
      timestamp: millisToHrTime(Date.now()),
      ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}),
    };
  }

  /**
   * The exemplars held, first slot first. Starts a new sampling interval; `empty` (delta) also
   * drops what is held.
   */
  collect(empty: boolean): Exemplar[] | undefined {
    const held = this.slots.filter((e): e is Exemplar => e !== undefined);
    if (empty) this.slots = new Array<Exemplar | undefined>(this.size);
    this.offered = 0;
    return held.length > 0 ? held : undefined;
  }
}
