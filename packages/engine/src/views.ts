import type { InstrumentationScope } from '@opentelemetry/core';
import type { IAttributesProcessor, ViewOptions } from '@opentelemetry/sdk-metrics';
import type { AggregationOption } from '@opentelemetry/sdk-metrics';
import type { InstrumentDescriptor } from './descriptor.js';
import {
  resolveSummaryOptions,
  SUMMARY_AGGREGATION,
  type SummaryAggregationOption,
} from './summary.js';

/** An aggregation a view may choose: the SDK's, or the engine's summary. */
export type EngineAggregationOption = AggregationOption | SummaryAggregationOption;

/** The SDK's `ViewOptions`, whose aggregation may also be the engine's summary. */
export type EngineViewOptions = Omit<ViewOptions, 'aggregation'> & {
  readonly aggregation?: EngineAggregationOption;
};

/** A view, checked and ready to match instruments. */
export interface View {
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly aggregation: EngineAggregationOption | undefined;
  readonly cardinalityLimit: number | undefined;
  readonly processor: IAttributesProcessor | undefined;
  matches(instrument: InstrumentDescriptor, scope: InstrumentationScope): boolean;
}

/** `*` matches any run of characters, `?` one character; everything else is literal. */
function pattern(text: string): (value: string) => boolean {
  if (text === '*') return () => true;
  if (!/[*?]/.test(text)) return (value) => value === text;
  const source = text
    .replace(/[\^$\\.+()[\]{}|]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  const regexp = new RegExp(`^${source}$`);
  return (value) => regexp.test(value);
}

/**
 * Checks view options (the SDK's `ViewOptions`, so configuration written for the SDK works as is)
 * and compiles their selectors. Throws, naming the view by its position, when a view selects
 * nothing or renames what may be several instruments, and when its summary options are wrong.
 */
export function compileViews(options: readonly EngineViewOptions[]): View[] {
  return options.map((view, index) => {
    const where = `view ${index + 1}${view.instrumentName ? ` (instrumentName ${JSON.stringify(view.instrumentName)})` : ''}`;
    const selects = [
      view.instrumentName,
      view.instrumentType,
      view.instrumentUnit,
      view.meterName,
      view.meterVersion,
      view.meterSchemaUrl,
    ].some((s) => s != null);
    if (!selects) throw new Error(`${where}: a view needs at least one selector`);
    if (view.name != null && (view.instrumentName == null || /[*?]/.test(view.instrumentName))) {
      throw new Error(
        `${where}: a view that renames (name ${JSON.stringify(view.name)}) must select one instrument by its exact name`,
      );
    }
    if (view.aggregation?.type === SUMMARY_AGGREGATION) {
      resolveSummaryOptions(view.aggregation.options, where);
    }
    const name = pattern(view.instrumentName ?? '*');
    const processors = view.attributesProcessors ?? [];
    const processor: IAttributesProcessor | undefined =
      processors.length === 0
        ? undefined
        : processors.length === 1
          ? processors[0]
          : { process: (a, c) => processors.reduce((x, p) => p.process(x, c), a) };
    return {
      name: view.name,
      description: view.description,
      aggregation: view.aggregation,
      cardinalityLimit: view.aggregationCardinalityLimit,
      processor,
      matches: (instrument, scope) =>
        (view.instrumentType == null || view.instrumentType === instrument.type) &&
        name(instrument.name) &&
        (view.instrumentUnit == null || view.instrumentUnit === instrument.unit) &&
        (view.meterName == null || view.meterName === scope.name) &&
        (view.meterVersion == null || view.meterVersion === scope.version) &&
        (view.meterSchemaUrl == null || view.meterSchemaUrl === scope.schemaUrl),
    };
  });
}
