export { startTelemetry } from './start-telemetry.js';
export type { StartTelemetryOptions, TelemetryHandle } from './start-telemetry.js';
export { loadConfig, DEFAULTS } from './config/load.js';
export type { ConfigSources, ResolvedConfig } from './config/load.js';
export { buildLayerSchema, viewSchema } from './config/schema.js';
export type { ConfigLayer, ViewConfig } from './config/schema.js';
export {
  BUCKET_PRESETS,
  BUCKET_PRESET_NAMES,
  DEFAULT_UNIT_PRESETS,
  resolveBuckets,
} from './buckets.js';
export type { BucketPresetName } from './buckets.js';
export { withUnitBuckets } from './unit-buckets-provider.js';
export { toViewOptions } from './views.js';
export { buildResource } from './resource.js';
export { startRuntimeMetrics, RUNTIME_METRIC_NAMES } from './runtime/runtime-metrics.js';
export type {
  RuntimeMetricNames,
  RuntimeMetrics,
  RuntimeMetricsOptions,
} from './runtime/runtime-metrics.js';
export { RUNTIME_METER_NAME } from './runtime/otel-runtime.js';
export type { ClusterOptions } from './cluster/cluster-options.js';
export type { ClusterHandle } from './cluster/cluster-setup.js';
export type { GaugePolicy } from './cluster/gauge-policy.js';
export { DEFAULT_GAUGE_POLICY, GAUGE_POLICIES } from './cluster/gauge-policy.js';
export { PartialCollectionError } from './cluster/aggregator.js';

// Re-exports of @meterline/plugin, where these names lived before it was split out, so that code
// importing them from '@meterline/sdk' keeps compiling. New code imports them from
// '@meterline/plugin' (exporters must: they do not depend on the SDK).
export {
  bytesSchema,
  ConfigError,
  countSchema,
  createConsoleLogger,
  HealthRegistry,
  MAX_TIMER_MILLIS,
  millisSchema,
  parseYamlLayer,
  portSchema,
  readFileLayer,
  silentLogger,
  validateLayer,
} from '@meterline/plugin';
export type {
  AnyExporterPlugin,
  CheckReport,
  ConfigProblem,
  EnvBinding,
  EnvValueType,
  ExporterContext,
  ExporterEndpoint,
  ExporterInstance,
  ExporterPlugin,
  FileLayer,
  HealthCheck,
  HealthCheckOptions,
  HealthCheckResult,
  HealthReport,
  HealthStatus,
  Locate,
  Logger,
  Range,
} from '@meterline/plugin';
