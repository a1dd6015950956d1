// Original file: proto/meterline/metrics/v1/types.proto

/**
 * The kind of an instrument, as created through the OpenTelemetry metrics API.
 */
export const InstrumentKind = {
  /**
   * Not set; never sent by the server. In a RecordRequest it is an INVALID_ARGUMENT.
   */
  INSTRUMENT_KIND_UNSPECIFIED: 'INSTRUMENT_KIND_UNSPECIFIED',
  /**
   * A monotonic sum: `Counter.add`.
   */
  INSTRUMENT_KIND_COUNTER: 'INSTRUMENT_KIND_COUNTER',
  /**
   * A sum that goes up and down: `UpDownCounter.add`.
   */
  INSTRUMENT_KIND_UP_DOWN_COUNTER: 'INSTRUMENT_KIND_UP_DOWN_COUNTER',
  /**
   * A distribution: `Histogram.record`.
   */
  INSTRUMENT_KIND_HISTOGRAM: 'INSTRUMENT_KIND_HISTOGRAM',
  /**
   * The last value recorded: `Gauge.record`.
   */
  INSTRUMENT_KIND_GAUGE: 'INSTRUMENT_KIND_GAUGE',
  /**
   * A monotonic sum read by a callback at collection.
   */
  INSTRUMENT_KIND_OBSERVABLE_COUNTER: 'INSTRUMENT_KIND_OBSERVABLE_COUNTER',
  /**
   * A sum read by a callback at collection.
   */
  INSTRUMENT_KIND_OBSERVABLE_UP_DOWN_COUNTER: 'INSTRUMENT_KIND_OBSERVABLE_UP_DOWN_COUNTER',
  /**
   * A value read by a callback at collection.
   */
  INSTRUMENT_KIND_OBSERVABLE_GAUGE: 'INSTRUMENT_KIND_OBSERVABLE_GAUGE',
} as const;

/**
 * The kind of an instrument, as created through the OpenTelemetry metrics API.
 */
export type InstrumentKind =
  /**
   * Not set; never sent by the server. In a RecordRequest it is an INVALID_ARGUMENT.
   */
  | 'INSTRUMENT_KIND_UNSPECIFIED'
  | 0
  /**
   * A monotonic sum: `Counter.add`.
   */
  | 'INSTRUMENT_KIND_COUNTER'
  | 1
  /**
   * A sum that goes up and down: `UpDownCounter.add`.
   */
  | 'INSTRUMENT_KIND_UP_DOWN_COUNTER'
  | 2
  /**
   * A distribution: `Histogram.record`.
   */
  | 'INSTRUMENT_KIND_HISTOGRAM'
  | 3
  /**
   * The last value recorded: `Gauge.record`.
   */
  | 'INSTRUMENT_KIND_GAUGE'
  | 4
  /**
   * A monotonic sum read by a callback at collection.
   */
  | 'INSTRUMENT_KIND_OBSERVABLE_COUNTER'
  | 5
  /**
   * A sum read by a callback at collection.
   */
  | 'INSTRUMENT_KIND_OBSERVABLE_UP_DOWN_COUNTER'
  | 6
  /**
   * A value read by a callback at collection.
   */
  | 'INSTRUMENT_KIND_OBSERVABLE_GAUGE'
  | 7

/**
 * The kind of an instrument, as created through the OpenTelemetry metrics API.
 */
export type InstrumentKind__Output = typeof InstrumentKind[keyof typeof InstrumentKind]
