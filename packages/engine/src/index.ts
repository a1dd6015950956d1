export {
  MeterProvider,
  type EngineMeterProviderOptions,
  type SlicedCollectOptions,
  type SlicedMetricProducer,
} from './meter-provider.js';
export type { EngineLogger, RejectReason } from './diagnostics.js';
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
export { compileMatchers, labelValue, MAX_MATCHER_REGEX_LENGTH } from './label-matchers.js';
