export {
  MeterProvider,
  type EngineMeterProviderOptions,
  type SlicedCollectOptions,
  type SlicedMetricProducer,
} from './meter-provider.js';
export type { EngineLogger, RejectReason } from './diagnostics.js';
export type { Point } from './storage/sync-storage.js';
export { deferredPoints, type PointSource } from './storage/snapshot.js';
export { attributesKey } from './attributes.js';
export { EXEMPLAR_FILTERS, type Exemplar, type ExemplarFilter } from './exemplars.js';
export { limitAttributes, type AttributeLimits } from './attribute-limits.js';
export {
  UnknownInstrumentError,
  type EngineAdmin,
  type InstrumentInfo,
  type InstrumentKind,
  type LabelMatcher,
} from './admin-types.js';
export type { EngineAggregationOption, EngineViewOptions } from './views.js';
export {
  SUMMARY_AGGREGATION,
  SUMMARY_DATA_POINT_TYPE,
  isSummaryMetricData,
  type Summary,
  type SummaryAggregationOption,
  type SummaryMetricData,
  type SummaryOptions,
  type SummaryQuantile,
} from './summary.js';
export { compileMatchers, labelValue, MAX_MATCHER_REGEX_LENGTH } from './label-matchers.js';
export {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  InstrumentType,
} from './sdk-enums.js';
export { millisToHrTime } from './hr-time.js';
export { defaultResource, emptyResource, resourceFromAttributes } from './resource.js';
