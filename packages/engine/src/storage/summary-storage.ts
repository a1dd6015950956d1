import type { Attributes, Context } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { ExemplarReservoir } from '../exemplars.js';
import {
  SUMMARY_DATA_POINT_TYPE,
  type ResolvedSummaryOptions,
  type Summary,
  type SummaryMetricData,
} from '../summary.js';
import { SummaryWindow, type Clock } from './summary-window.js';
import {
  SyncStorage,
  type Accumulator,
  type HeldAttributes,
  type SeriesFields,
  type SyncStorageOptions,
} from './sync-storage.js';

/**
 * Summary state: count and sum (folded per reader like any accumulation, so each reader's
 * temporality applies to them) and the series' sliding window, which every reader reads as it is
 * at its collection (quantiles over a window have no delta).
 */
export class SummaryAccumulation {
  count = 0;
  sum = 0;
  recordings = 0;
  /** The series' window; a reader's slot borrows its series' one. */
  window: SummaryWindow | undefined = undefined;
}

class SummarySeries extends SummaryAccumulation implements SeriesFields<SummaryAccumulation> {
  seen = 0;
  seq = 0;
  slots: (SummaryAccumulation | undefined)[] | undefined = undefined;
  exemplars: ExemplarReservoir | undefined = undefined;
  constructor(
    window: SummaryWindow,
    readonly held: HeldAttributes,
    readonly start: number,
  ) {
    super();
    this.window = window;
  }
}

function summaryAccumulator(
  options: ResolvedSummaryOptions,
  clock: Clock,
): Accumulator<SummaryAccumulation, Summary> {
  const empty = () => options.objectives.map((o) => ({ quantile: o.quantile, value: Number.NaN }));
  return {
    create: () => new SummaryAccumulation(),
    series: (held, start) =>
      new SummarySeries(new SummaryWindow({ ...options, clock }), held, start),
    recordings: (acc) => acc.recordings,
    merge(into, from) {
      into.count += from.count;
      into.sum += from.sum;
      into.recordings += from.recordings;
      into.window ??= from.window;
    },
    reset(acc) {
      acc.count = 0;
      acc.sum = 0;
      acc.recordings = 0;
    },
    point: (acc) => ({
      count: acc.count,
      sum: acc.sum,
      quantiles: acc.window?.snapshot() ?? empty(),
    }),
    metricData: (descriptor, aggregationTemporality, dataPoints): MetricData => {
      const data: SummaryMetricData = {
        descriptor,
        aggregationTemporality,
        dataPointType: SUMMARY_DATA_POINT_TYPE,
        dataPoints,
      };
      // Readers take MetricData; exporters recognise this shape with isSummaryMetricData.
      return data as unknown as MetricData;
    },
  };
}

/**
 * The summary aggregation: count, sum and the objectives' quantiles over a sliding window per
 * series (see {@link SummaryWindow}). No exemplars. A recording costs the series lookup, a clock
 * read and a buffer write; every `bufferSize` values a sort and a merge into each age bucket.
 */
export class SummaryStorage extends SyncStorage<SummaryAccumulation, Summary> {
  constructor(
    summary: ResolvedSummaryOptions,
    options: SyncStorageOptions,
    clock: Clock = Date.now,
  ) {
    super(summaryAccumulator(summary, clock), options);
  }

  record(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    const acc = this.find(attributes, context);
    acc.count++;
    acc.sum += value;
    acc.recordings++;
    acc.window!.observe(value);
  }

  protected reservoir(): ExemplarReservoir {
    return new ExemplarReservoir(1, false);
  }

  protected markCollected(acc: SummaryAccumulation): void {
    acc.recordings = 0;
  }
}
