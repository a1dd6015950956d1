import type { Attributes, HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '../hr-time.js';
import type { IAttributesProcessor, MetricData } from '@opentelemetry/sdk-metrics';
import { DataPointType } from '../sdk-enums.js';
import { context as apiContext } from '@opentelemetry/api';
import { attributesKey, frozenAttributes, validAttributes } from '../attributes.js';
import { AggregationTemporality, type InstrumentDescriptor } from '../descriptor.js';
import type { Rejections } from '../diagnostics.js';
import { OVERFLOW_ATTRIBUTES } from './sync-storage.js';

/** What one callback run observed for an instrument: value by attribute set (last one wins). */
export type Observations = Map<string, { attributes: Attributes; value: number }>;

interface Observed {
  readonly attributes: Attributes;
  value: number;
  /** Start of its cumulative points (ms). */
  start: number;
}

export interface AsyncStorageOptions {
  readonly descriptor: InstrumentDescriptor;
  readonly kind: 'sum' | 'last-value';
  readonly monotonic: boolean;
  readonly cardinalityLimit: number;
  readonly processor: IAttributesProcessor | undefined;
  readonly readers: ReadonlyMap<number, AggregationTemporality>;
  readonly rejections: Rejections;
}

/**
 * The state of one observable instrument (per view). Its callbacks run at every collection of each
 * reader, and report absolute values: cumulative points are those values, delta points the change
 * since this reader's previous collection. Only the attribute sets observed in this collection are
 * exported (a set the callback stopped reporting is gone, not served forever), and at most
 * `cardinalityLimit` of them: the rest fold into the overflow series.
 */
export class AsyncStorage {
  readonly descriptor: InstrumentDescriptor;
  overflowed = 0;
  /** The series limit in force: the configured one, or a runtime override (`setLimit`). */
  limit: number;
  readonly configuredLimit: number;
  /** Switched off at runtime: the instrument's callbacks are skipped, nothing is exported. */
  disabled = false;
  /** Series the limit folded at once; always 0 here (observations are limited at each collection). */
  readonly folded = 0;
  /** Series forgotten by `evict`. */
  evicted = 0;
  private readonly perReader = new Map<
    number,
    { temporality: AggregationTemporality; last: number; series: Map<string, Observed> }
  >();

  constructor(private readonly options: AsyncStorageOptions) {
    this.descriptor = options.descriptor;
    this.configuredLimit = Math.max(1, options.cardinalityLimit);
    this.limit = this.configuredLimit;
    for (const [reader, temporality] of options.readers) {
      this.perReader.set(reader, { temporality, last: 0, series: new Map() });
    }
  }

  serves(reader: number): boolean {
    return this.perReader.has(reader);
  }

  get size(): number {
    let most = 0;
    for (const state of this.perReader.values()) most = Math.max(most, state.series.size);
    return most;
  }

  collect(
    reader: number,
    time: number,
    observations: Observations | undefined,
  ): MetricData | undefined {
    const state = this.perReader.get(reader);
    if (state === undefined) return undefined;
    if (this.disabled) {
      state.last = time;
      return undefined;
    }
    const { kind, monotonic, descriptor } = this.options;
    const delta = state.temporality === AggregationTemporality.DELTA;
    const current = this.limited(observations);
    const endTime = millisToHrTime(time);
    const points: { attributes: Attributes; startTime: HrTime; endTime: HrTime; value: number }[] =
      [];
    const next = new Map<string, Observed>();
    for (const [key, seen] of current) {
      const previous = state.series.get(key);
      const reset =
        previous !== undefined && kind === 'sum' && monotonic && seen.value < previous.value;
      const start =
        previous === undefined || reset ? (delta ? state.last || time : time) : previous.start;
      let value = seen.value;
      if (delta && kind === 'sum' && previous !== undefined && !reset) value -= previous.value;
      const startTime = delta && previous !== undefined && !reset ? state.last : start;
      points.push({
        attributes: seen.attributes,
        startTime: millisToHrTime(startTime),
        endTime,
        value,
      });
      next.set(key, { attributes: seen.attributes, value: seen.value, start });
    }
    state.series = next;
    state.last = time;
    if (points.length === 0) return undefined;
    return kind === 'sum'
      ? {
          descriptor,
          aggregationTemporality: state.temporality,
          dataPointType: DataPointType.SUM,
          dataPoints: points,
          isMonotonic: monotonic,
        }
      : {
          descriptor,
          aggregationTemporality: state.temporality,
          dataPointType: DataPointType.GAUGE,
          dataPoints: points,
        };
  }

  /**
   * Sets the series limit (`undefined`: the configured one). Observations are limited at each
   * collection, in the order the callbacks report them, so the next collection serves at most
   * the new limit. Returns 0 (nothing is folded at once).
   */
  setLimit(limit: number | undefined): number {
    this.limit = Math.max(1, limit ?? this.configuredLimit);
    return 0;
  }

  /** Switches off (callbacks skipped, state forgotten) or back on. Returns the series dropped. */
  setDisabled(disabled: boolean): number {
    this.disabled = disabled;
    if (!disabled) return 0;
    const dropped = this.size;
    for (const state of this.perReader.values()) state.series = new Map();
    return dropped;
  }

  /**
   * Forgets the series whose attributes pass `test` (their delta base and start time): if a
   * callback reports them again they start anew. Returns how many attribute sets were forgotten.
   */
  evict(test: (attributes: Attributes) => boolean): number {
    const keys = new Set<string>();
    for (const state of this.perReader.values()) {
      for (const [key, observed] of state.series) {
        if (!test(observed.attributes)) continue;
        state.series.delete(key);
        keys.add(key);
      }
    }
    this.evicted += keys.size;
    return keys.size;
  }

  /** The observations after the view's attribute processing and the cardinality limit. */
  private limited(
    observations: Observations | undefined,
  ): Map<string, { attributes: Attributes; value: number }> {
    const out = new Map<string, { attributes: Attributes; value: number }>();
    if (observations === undefined) return out;
    const { processor, kind } = this.options;
    const cardinalityLimit = this.limit;
    let overflow: { attributes: Attributes; value: number } | undefined;
    for (const [rawKey, observed] of observations) {
      let key: string | undefined = rawKey;
      let attributes = observed.attributes;
      if (processor !== undefined) {
        attributes = processor.process(attributes, apiContext.active());
        key = attributesKey(attributes);
        if (key === undefined) {
          this.options.rejections.add(
            'invalid-attribute',
            'the attribute was left out of the series',
          );
          attributes = validAttributes(attributes);
          key = attributesKey(attributes)!;
        }
      }
      if (!out.has(key) && out.size >= cardinalityLimit - 1) {
        this.overflowed++;
        if (overflow === undefined)
          overflow = { attributes: OVERFLOW_ATTRIBUTES, value: observed.value };
        else overflow.value = kind === 'sum' ? overflow.value + observed.value : observed.value;
        continue;
      }
      out.set(key, { attributes: frozenAttributes(attributes), value: observed.value });
    }
    if (overflow !== undefined) out.set('overflow', overflow);
    return out;
  }
}
