export { startTelemetry } from './start-telemetry.js';
export type { StartTelemetryOptions, TelemetryHandle } from './start-telemetry.js';
export { loadConfig, DEFAULTS } from './config/load.js';
export type { ConfigSources, ResolvedConfig } from './config/load.js';
export { ConfigError } from './config/errors.js';
export type { ConfigProblem } from './config/errors.js';
export { buildLayerSchema, portSchema, viewSchema } from './config/schema.js';
export type { ConfigLayer, ViewConfig } from './config/schema.js';
export { parseYamlLayer, readFileLayer } from './config/file.js';
export type { FileLayer } from './config/file.js';
export { validateLayer } from './config/validate.js';
export type { Locate } from './config/validate.js';
export type { EnvBinding, EnvValueType } from './config/env.js';
export { bytesSchema, countSchema, millisSchema, MAX_TIMER_MILLIS } from './config/ranges.js';
export type { Range } from './config/ranges.js';
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
export { createConsoleLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { redactedConfig } from './config/redacted-config.js';
export type {
  AnyExporterPlugin,
  DeliveryTotals,
  ExporterContext,
  ExporterEndpoint,
  ExporterInstance,
  ExporterPlugin,
  PushExporterReport,
} from './plugin.js';
export { startRuntimeMetrics, RUNTIME_METRIC_NAMES } from './runtime/runtime-metrics.js';
export type {
  RuntimeMetricNames,
  RuntimeMetrics,
  RuntimeMetricsOptions,
} from './runtime/runtime-metrics.js';
export { RUNTIME_METER_NAME } from './runtime/otel-runtime.js';
export { HealthRegistry } from './health/health-registry.js';
export type {
  CheckReport,
  HealthCheck,
  HealthCheckOptions,
  HealthCheckResult,
  HealthReport,
  HealthStatus,
} from './health/health-registry.js';
export type { ClusterOptions } from './cluster/cluster-options.js';
export type { ClusterHandle } from './cluster/cluster-setup.js';
export type { GaugePolicy } from './cluster/gauge-policy.js';
export { DEFAULT_GAUGE_POLICY, GAUGE_POLICIES } from './cluster/gauge-policy.js';
export { PartialCollectionError } from './cluster/aggregator.js';
