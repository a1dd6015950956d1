import type { IAttributesProcessor, ViewOptions } from '@opentelemetry/sdk-metrics';
import {
  AggregationType,
  InstrumentType,
  SUMMARY_AGGREGATION,
  type EngineViewOptions,
} from '@meterline/engine';
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
 * What views take from `@opentelemetry/sdk-metrics` at run time: its attribute allow-list. The
 * package is loaded only for views that have one (see {@link viewsNeedSdk}), not on every service's
 * start path (51 modules; `node bench/run.mjs --only cold-start`).
 */
export interface ViewsSdk {
  createAllowListAttributesProcessor(names: string[]): IAttributesProcessor;
}

/** True when {@link toViewOptions} needs the {@link ViewsSdk} for these views. */
export function viewsNeedSdk(views: readonly ViewConfig[]): boolean {
  return views.some((view) => view.attributes !== undefined);
}

/**
 * Turns configured views into SDK view options. Bucket overrides (`buckets` or `preset`) become an
 * explicit-bucket aggregation, which wins over both instrument advice and unit presets;
 * `exponential` a base-2 exponential histogram aggregation; `aggregation: { type: summary }` the
 * engine's summary (which only the `meterline` engine takes: see {@link sdkViewOptions}). `sdk` is
 * needed when a view has an attribute allow-list ({@link viewsNeedSdk}); without it such a view
 * throws.
 */
export function toViewOptions(views: readonly ViewConfig[], sdk?: ViewsSdk): EngineViewOptions[] {
  return views.map((view) => {
    const options: Omit<ViewOptions, 'aggregation'> & {
      aggregation?: EngineViewOptions['aggregation'];
    } = { instrumentName: view.instrument };
    if (view.meter !== undefined) options.meterName = view.meter;
    if (view.type !== undefined) options.instrumentType = INSTRUMENT_TYPES[view.type];
    if (view.unit !== undefined) options.instrumentUnit = view.unit;
    if (view.rename !== undefined) options.name = view.rename;
    if (view.description !== undefined) options.description = view.description;
    if (view.cardinalityLimit !== undefined) {
      options.aggregationCardinalityLimit = view.cardinalityLimit;
    }
    if (view.attributes !== undefined) {
      if (sdk === undefined) {
        throw new Error('views with an attribute allow-list need @opentelemetry/sdk-metrics');
      }
      options.attributesProcessors = [sdk.createAllowListAttributesProcessor(view.attributes)];
    }
    if (view.aggregation?.type === 'summary') {
      const { objectives, maxAgeSeconds, ageBuckets } = view.aggregation;
      options.aggregation = {
        type: SUMMARY_AGGREGATION,
        options: {
          ...(objectives === undefined
            ? {}
            : { objectives: Object.fromEntries(Object.entries(objectives)) }),
          ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
          ...(ageBuckets === undefined ? {} : { ageBuckets }),
        },
      };
    } else if (view.drop) {
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

/**
 * The views for the OpenTelemetry SDK's provider, which has no summary: throws, naming the view,
 * when one asks for it (configuration loading reports this first; this guards code paths).
 */
export function sdkViewOptions(views: readonly EngineViewOptions[]): ViewOptions[] {
  views.forEach((view, i) => {
    if (view.aggregation?.type === SUMMARY_AGGREGATION) {
      throw new Error(
        `view ${i + 1} (${view.instrumentName ?? 'no instrument name'}): the summary aggregation needs metrics.engine "meterline"`,
      );
    }
  });
  return views as ViewOptions[];
}
