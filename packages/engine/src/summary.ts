import type { DataPoint } from '@opentelemetry/sdk-metrics';
import type { AggregationTemporality, InstrumentDescriptor } from './descriptor.js';
import type { Objective } from './storage/quantile-stream.js';

/**
 * The `type` of the engine's summary aggregation in a view (`aggregation: { type:
 * SUMMARY_AGGREGATION, options }`). A string, so it can never collide with the numbers of the
 * SDK's `AggregationType`; only `@meterline/engine`'s `MeterProvider` understands it.
 */
export const SUMMARY_AGGREGATION = 'meterline.summary';

/** Options of the summary aggregation; client_golang's `SummaryOpts` by another name. */
export interface SummaryOptions {
  /**
   * Quantile to allowed rank error, as client_golang's `Objectives` (`{ 0.5: 0.05, 0.99: 0.001 }`:
   * the reported 0.99 quantile is the value at some rank within 0.989..0.991). Quantiles in
   * (0, 1), errors in (0, 1). @default { 0.5: 0.05, 0.9: 0.01, 0.99: 0.001 }
   */
  readonly objectives?: Readonly<Record<number, number>>;
  /** How long a value counts in the quantiles, in seconds. @default 600 */
  readonly maxAgeSeconds?: number;
  /** Streams the window rotates through: the window slides by `maxAgeSeconds / ageBuckets`. @default 5 */
  readonly ageBuckets?: number;
}

/** A view's aggregation option selecting a summary (histogram instruments only). */
export interface SummaryAggregationOption {
  readonly type: typeof SUMMARY_AGGREGATION;
  readonly options?: SummaryOptions;
}

/** The default objectives: client_golang's of old. */
export const DEFAULT_OBJECTIVES: Readonly<Record<number, number>> = Object.freeze({
  0.5: 0.05,
  0.9: 0.01,
  0.99: 0.001,
});

/** Summary options checked and filled in. */
export interface ResolvedSummaryOptions {
  readonly objectives: readonly Objective[];
  readonly maxAgeMillis: number;
  readonly ageBuckets: number;
}

const MAX_OBJECTIVES = 32;
const MAX_AGE_BUCKETS = 1000;
const MAX_AGE_SECONDS = 7 * 24 * 3600;

/**
 * Checks summary options and fills in the defaults; throws naming `where` and what is wrong.
 * Objectives come back sorted by quantile.
 */
export function resolveSummaryOptions(
  options: SummaryOptions | undefined,
  where: string,
): ResolvedSummaryOptions {
  const fail = (what: string): never => {
    throw new Error(`${where}: summary ${what}`);
  };
  const given = options?.objectives ?? DEFAULT_OBJECTIVES;
  if (typeof given !== 'object' || given === null) fail('objectives must be an object');
  const entries = Object.entries(given);
  if (entries.length === 0) fail('objectives must name at least one quantile');
  if (entries.length > MAX_OBJECTIVES) fail(`objectives: at most ${MAX_OBJECTIVES} quantiles`);
  const objectives = entries.map(([key, error]) => {
    const quantile = Number(key);
    if (key.trim() === '' || !(quantile > 0 && quantile < 1)) {
      fail(
        `objective ${JSON.stringify(key)}: a quantile must be a number between 0 and 1 (exclusive)`,
      );
    }
    if (typeof error !== 'number' || !(error > 0 && error < 1)) {
      fail(
        `objective ${key}: the allowed error must be a number between 0 and 1 (exclusive), got ${JSON.stringify(error)}`,
      );
    }
    return { quantile, error };
  });
  objectives.sort((a, b) => a.quantile - b.quantile);
  const maxAgeSeconds = options?.maxAgeSeconds ?? 600;
  if (
    typeof maxAgeSeconds !== 'number' ||
    !(maxAgeSeconds > 0 && maxAgeSeconds <= MAX_AGE_SECONDS)
  ) {
    fail(
      `maxAgeSeconds must be a number of seconds in (0, ${MAX_AGE_SECONDS}], got ${JSON.stringify(maxAgeSeconds)}`,
    );
  }
  const ageBuckets = options?.ageBuckets ?? 5;
  if (!Number.isInteger(ageBuckets) || ageBuckets < 1 || ageBuckets > MAX_AGE_BUCKETS) {
    fail(
      `ageBuckets must be an integer from 1 to ${MAX_AGE_BUCKETS}, got ${JSON.stringify(ageBuckets)}`,
    );
  }
  return { objectives, maxAgeMillis: maxAgeSeconds * 1000, ageBuckets };
}

/** One quantile of a summary point: the estimate of `quantile` over the window. */
export interface SummaryQuantile {
  readonly quantile: number;
  /** NaN when the window holds no value. */
  readonly value: number;
}

/** The value of a summary data point. */
export interface Summary {
  /** Values recorded (over the point's start..end, as the reader's temporality has it). */
  readonly count: number;
  /** Their sum. */
  readonly sum: number;
  /** The objectives' quantiles over the sliding window as of the collection, by quantile. */
  readonly quantiles: readonly SummaryQuantile[];
}

/**
 * The `dataPointType` of summary metric data. The SDK's `DataPointType` enum has no summary; this
 * string cannot collide with its numbers. Exporters that do not know it must skip such metrics
 * (test with {@link isSummaryMetricData}).
 */
export const SUMMARY_DATA_POINT_TYPE = 'meterline.summary';

/**
 * Metric data of a summary stream, in `MetricData`'s shape. It reaches readers inside
 * `ResourceMetrics.scopeMetrics[].metrics`, typed there as `MetricData`: narrow it with
 * {@link isSummaryMetricData} before switching on the SDK's types.
 */
export interface SummaryMetricData {
  readonly descriptor: InstrumentDescriptor;
  readonly aggregationTemporality: AggregationTemporality;
  readonly dataPointType: typeof SUMMARY_DATA_POINT_TYPE;
  readonly dataPoints: DataPoint<Summary>[];
}

/** True when `metric` is summary data (from the engine's summary aggregation). */
export function isSummaryMetricData(metric: {
  readonly dataPointType: unknown;
}): metric is SummaryMetricData {
  return metric.dataPointType === SUMMARY_DATA_POINT_TYPE;
}
