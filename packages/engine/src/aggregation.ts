import type { AggregationOption } from '@opentelemetry/sdk-metrics';
import { AggregationType } from './sdk-enums.js';
import {
  InstrumentType,
  isAsynchronous,
  isMonotonic,
  type InstrumentDescriptor,
} from './descriptor.js';
import { normalizeBoundaries } from './storage/histogram.js';
import {
  resolveSummaryOptions,
  SUMMARY_AGGREGATION,
  type ResolvedSummaryOptions,
  type SummaryAggregationOption,
} from './summary.js';

/** The SDK's default explicit buckets, used when neither a view nor advice sets them. */
export const DEFAULT_BOUNDARIES: readonly number[] = Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);

/** An aggregation resolved for one instrument. */
export type ResolvedAggregation =
  | { readonly kind: 'drop' }
  | { readonly kind: 'sum'; readonly monotonic: boolean }
  | { readonly kind: 'last-value' }
  | {
      readonly kind: 'histogram';
      readonly boundaries: readonly number[];
      readonly recordMinMax: boolean;
    }
  | { readonly kind: 'exponential'; readonly maxSize: number; readonly recordMinMax: boolean }
  | ({ readonly kind: 'summary' } & ResolvedSummaryOptions);

/**
 * What an aggregation option means for an instrument: `DEFAULT` by its kind (sum for counters,
 * last value for gauges, explicit buckets for histograms, from advice when given). Observable
 * instruments take sum, last value or drop; another choice falls back to their default and is
 * reported through `warn`. The engine's summary is for histogram instruments only (it replaces
 * their buckets); on another instrument it falls back the same way.
 */
export function resolveAggregation(
  option: AggregationOption | SummaryAggregationOption | undefined,
  instrument: InstrumentDescriptor,
  warn: (message: string) => void,
): ResolvedAggregation {
  const type = option?.type ?? AggregationType.DEFAULT;
  const fallback = (why: string): ResolvedAggregation => {
    warn(`instrument ${JSON.stringify(instrument.name)}: ${why}; using its default aggregation`);
    return resolveAggregation(undefined, instrument, warn);
  };
  if (type === SUMMARY_AGGREGATION) {
    if (instrument.type !== InstrumentType.HISTOGRAM) {
      return fallback('a summary aggregates histogram instruments only');
    }
    const options = (option as SummaryAggregationOption).options;
    return {
      kind: 'summary',
      ...resolveSummaryOptions(options, `instrument ${JSON.stringify(instrument.name)}`),
    };
  }
  switch (type) {
    case AggregationType.DROP:
      return { kind: 'drop' };
    case AggregationType.SUM:
      return { kind: 'sum', monotonic: isMonotonic(instrument.type) };
    case AggregationType.LAST_VALUE:
      return { kind: 'last-value' };
    case AggregationType.EXPLICIT_BUCKET_HISTOGRAM: {
      if (isAsynchronous(instrument.type))
        return fallback('observable instruments cannot be histograms');
      const options = (option as { options?: { boundaries?: number[]; recordMinMax?: boolean } })
        .options;
      return {
        kind: 'histogram',
        boundaries: normalizeBoundaries(
          options?.boundaries ?? DEFAULT_BOUNDARIES,
          `instrument ${instrument.name}`,
        ),
        recordMinMax: options?.recordMinMax ?? true,
      };
    }
    case AggregationType.EXPONENTIAL_HISTOGRAM: {
      if (isAsynchronous(instrument.type)) {
        return fallback('observable instruments cannot be histograms');
      }
      const options = (option as { options?: { maxSize?: number; recordMinMax?: boolean } })
        .options;
      return {
        kind: 'exponential',
        maxSize: options?.maxSize ?? 160,
        recordMinMax: options?.recordMinMax ?? true,
      };
    }
    default:
      return defaultFor(instrument);
  }
}

function defaultFor(instrument: InstrumentDescriptor): ResolvedAggregation {
  switch (instrument.type) {
    case InstrumentType.COUNTER:
    case InstrumentType.OBSERVABLE_COUNTER:
      return { kind: 'sum', monotonic: true };
    case InstrumentType.UP_DOWN_COUNTER:
    case InstrumentType.OBSERVABLE_UP_DOWN_COUNTER:
      return { kind: 'sum', monotonic: false };
    case InstrumentType.GAUGE:
    case InstrumentType.OBSERVABLE_GAUGE:
      return { kind: 'last-value' };
    case InstrumentType.HISTOGRAM:
      return defaultHistogram(instrument);
    default:
      return { kind: 'drop' };
  }
}

function defaultHistogram(instrument: InstrumentDescriptor): ResolvedAggregation {
  const advised = instrument.advice.explicitBucketBoundaries;
  return {
    kind: 'histogram',
    boundaries: advised
      ? normalizeBoundaries(advised, `instrument ${instrument.name} advice`)
      : DEFAULT_BOUNDARIES,
    recordMinMax: true,
  };
}

/** A string equal for equal aggregations, to share one storage between readers. */
export function aggregationKey(aggregation: ResolvedAggregation): string {
  return JSON.stringify(aggregation);
}
