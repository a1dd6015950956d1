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

/** The last value recorded and how many recordings there were since the last reset. */
export class LastValueAccumulation {
  value = 0;
  recordings = 0;
}

/**
 * A series of a gauge: its accumulation and its fields in one object, made by an object literal
 * (see `SeriesFields` on why a literal and not a class).
 */
type LastValueSeries = LastValueAccumulation & SeriesFields<LastValueAccumulation>;

function lastValueSeries(held: HeldAttributes, start: number): LastValueSeries {
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

const lastValueAccumulator: Accumulator<LastValueAccumulation, number> = {
  create: () => new LastValueAccumulation(),
  series: lastValueSeries,
  recordings: (acc) => acc.recordings,
  merge(into, from) {
    // Nothing new in `from`: keep `into`'s value, unless it has none either (a gauge series folded
    // into a new overflow series carries its value along).
    if (from.recordings === 0 && into.recordings > 0) return;
    into.value = from.value;
    into.recordings += from.recordings;
  },
  reset(acc) {
    acc.recordings = 0;
  },
  point: (acc) => acc.value,
  metricData: (descriptor, aggregationTemporality, dataPoints): MetricData => ({
    descriptor,
    aggregationTemporality,
    dataPointType: DataPointType.GAUGE,
    dataPoints,
  }),
};

/** Last-value aggregation (gauges, or any instrument a view selects it for). */
export class LastValueStorage extends SyncStorage<LastValueAccumulation, number> {
  constructor(options: SyncStorageOptions) {
    super(lastValueAccumulator, options);
  }

  record(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    const acc = this.find(attributes, context);
    acc.value = value;
    acc.recordings++;
    if (this.sampling) this.sample(acc, value, context, 0);
  }

  protected reservoir(): ExemplarReservoir {
    return new ExemplarReservoir(1, false);
  }

  protected markCollected(acc: LastValueAccumulation): void {
    acc.recordings = 0;
  }
}
