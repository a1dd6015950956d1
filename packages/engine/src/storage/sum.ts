import type { Attributes, Context } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { DataPointType } from '../sdk-enums.js';
import {
  SyncStorage,
  type Accumulator,
  type HeldAttributes,
  type SeriesFields,
  type SyncStorageOptions,
} from './sync-storage.js';
import { ExemplarReservoir } from '../exemplars.js';

/** A running sum and how many recordings went into it since the last reset. */
export class SumAccumulation {
  value = 0;
  recordings = 0;
}

/**
 * A series of a sum: its accumulation and its fields in one object, made by an object literal (see
 * `SeriesFields` on why a literal and not a class).
 */
type SumSeries = SumAccumulation & SeriesFields<SumAccumulation>;

function sumSeries(held: HeldAttributes, start: number): SumSeries {
  return {
    value: 0,
    recordings: 0,
    seen: 0,
    seq: 0,
    slots: undefined,
    exemplars: undefined,
    held,
    start,
  };
}

export function sumAccumulator(monotonic: boolean): Accumulator<SumAccumulation, number> {
  return {
    create: () => new SumAccumulation(),
    series: sumSeries,
    recordings: (acc) => acc.recordings,
    merge(into, from) {
      into.value += from.value;
      into.recordings += from.recordings;
    },
    reset(acc) {
      acc.value = 0;
      acc.recordings = 0;
    },
    point: (acc) => acc.value,
    flat: {
      width: 1,
      copy(acc, into, at) {
        into[at] = acc.value;
      },
      pointAt: (from, at) => from[at]!,
    },
    metricData: (descriptor, aggregationTemporality, dataPoints): MetricData => ({
      descriptor,
      aggregationTemporality,
      dataPointType: DataPointType.SUM,
      dataPoints,
      isMonotonic: monotonic,
    }),
  };
}

/** Sum aggregation (counters, up-down counters, or any instrument a view sums). */
export class SumStorage extends SyncStorage<SumAccumulation, number> {
  constructor(monotonic: boolean, options: SyncStorageOptions) {
    super(sumAccumulator(monotonic), options);
  }

  record(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    const acc = this.find(attributes, context);
    acc.value += value;
    acc.recordings++;
    if (this.sampling) this.sample(acc, value, context, 0);
  }

  protected reservoir(): ExemplarReservoir {
    return new ExemplarReservoir(1, false);
  }

  protected markCollected(acc: SumAccumulation): void {
    acc.recordings = 0;
  }
}
