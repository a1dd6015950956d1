import {
  AggregationType,
  InstrumentType,
  createAllowListAttributesProcessor,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { resolveBuckets } from './buckets.js';
import type { ViewConfig } from './config/schema.js';

const INSTRUMENT_TYPES: Record<NonNullable<ViewConfig['type']>, InstrumentType> = {
  counter: InstrumentType.COUNTER,
  'up-down-counter': InstrumentType.UP_DOWN_COUNTER,
  histogram: InstrumentType.HISTOGRAM,
  gauge: InstrumentType.GAUGE,
  'observable-counter': InstrumentType.OBSERVABLE_COUNTER,
  'observable-up-down-counter': InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
  'observable-gauge': InstrumentType.OBSERVABLE_GAUGE,
};

/**
 * Turns configured views into SDK view options. Bucket overrides (`buckets` or `preset`) become an
 * explicit-bucket aggregation, which wins over both instrument advice and unit presets;
 * `exponential` a base-2 exponential histogram aggregation.
 */
export function toViewOptions(views: readonly ViewConfig[]): ViewOptions[] {
  return views.map((view) => {
    const options: ViewOptions = { instrumentName: view.instrument };
    if (view.meter !== undefined) options.meterName = view.meter;
    if (view.type !== undefined) options.instrumentType = INSTRUMENT_TYPES[view.type];
    if (view.unit !== undefined) options.instrumentUnit = view.unit;
    if (view.rename !== undefined) options.name = view.rename;
    if (view.description !== undefined) options.description = view.description;
    if (view.cardinalityLimit !== undefined) {
      options.aggregationCardinalityLimit = view.cardinalityLimit;
    }
    if (view.attributes !== undefined) {
      options.attributesProcessors = [createAllowListAttributesProcessor(view.attributes)];
    }
    if (view.drop) {
      options.aggregation = { type: AggregationType.DROP };
    } else if (view.exponential) {
      const maxSize = view.exponential === true ? undefined : view.exponential.maxSize;
      options.aggregation = {
        type: AggregationType.EXPONENTIAL_HISTOGRAM,
        ...(maxSize === undefined ? {} : { options: { maxSize } }),
      };
    } else if (view.buckets !== undefined || view.preset !== undefined) {
      options.aggregation = {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: resolveBuckets(view.buckets ?? view.preset!) },
      };
    }
    return options;
  });
}
