import type * as sdk from '@opentelemetry/sdk-metrics';

// The four enums of `@opentelemetry/sdk-metrics`' data model, as plain objects with the package's
// values and types, so that nothing on a service's start path loads the package: its entry point is
// 51 modules (about a tenth of a Meterline service's start to its first answered scrape, issue 13,
// `node bench/run.mjs --only cold-start`), and the engine needs only these values from it. The
// package is still loaded where its code runs: `metrics.engine: sdk`, stock readers and exporters,
// views that filter attributes, collection timeouts (`@opentelemetry/sdk-metrics`' TimeoutError).
// test/sdk-enums.test.ts checks each against the package's own enum, reverse mappings included.

/** `AggregationTemporality` of `@opentelemetry/sdk-metrics` (same values). */
export const AggregationTemporality = {
  DELTA: 0,
  CUMULATIVE: 1,
  0: 'DELTA',
  1: 'CUMULATIVE',
} as unknown as typeof sdk.AggregationTemporality;
export type AggregationTemporality = sdk.AggregationTemporality;

/** `InstrumentType` of `@opentelemetry/sdk-metrics` (same values). */
export const InstrumentType = {
  COUNTER: 'COUNTER',
  GAUGE: 'GAUGE',
  HISTOGRAM: 'HISTOGRAM',
  UP_DOWN_COUNTER: 'UP_DOWN_COUNTER',
  OBSERVABLE_COUNTER: 'OBSERVABLE_COUNTER',
  OBSERVABLE_GAUGE: 'OBSERVABLE_GAUGE',
  OBSERVABLE_UP_DOWN_COUNTER: 'OBSERVABLE_UP_DOWN_COUNTER',
} as unknown as typeof sdk.InstrumentType;
export type InstrumentType = sdk.InstrumentType;

/** `DataPointType` of `@opentelemetry/sdk-metrics` (same values). */
export const DataPointType = {
  HISTOGRAM: 0,
  EXPONENTIAL_HISTOGRAM: 1,
  GAUGE: 2,
  SUM: 3,
  0: 'HISTOGRAM',
  1: 'EXPONENTIAL_HISTOGRAM',
  2: 'GAUGE',
  3: 'SUM',
} as unknown as typeof sdk.DataPointType;
export type DataPointType = sdk.DataPointType;

/** `AggregationType` of `@opentelemetry/sdk-metrics` (same values). */
export const AggregationType = {
  DEFAULT: 0,
  DROP: 1,
  SUM: 2,
  LAST_VALUE: 3,
  EXPLICIT_BUCKET_HISTOGRAM: 4,
  EXPONENTIAL_HISTOGRAM: 5,
  0: 'DEFAULT',
  1: 'DROP',
  2: 'SUM',
  3: 'LAST_VALUE',
  4: 'EXPLICIT_BUCKET_HISTOGRAM',
  5: 'EXPONENTIAL_HISTOGRAM',
} as unknown as typeof sdk.AggregationType;
export type AggregationType = sdk.AggregationType;
