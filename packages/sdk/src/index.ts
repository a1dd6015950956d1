export { startTelemetry } from './start-telemetry.js';
export type { StartTelemetryOptions, TelemetryHandle } from './start-telemetry.js';
export { loadConfig } from './config/load.js';
export type { ConfigSources, ResolvedConfig } from './config/load.js';
export type { ConfigLayer, ViewConfig } from './config/schema.js';
export { DEFAULT_UNIT_PRESETS } from './buckets.js';
export type { BucketPresetName } from './buckets.js';
export { withUnitBuckets } from './unit-buckets-provider.js';
export { buildResource } from './resource.js';
export type { ClusterOptions } from './cluster/cluster-options.js';
export type { ClusterHandle } from './cluster/cluster-setup.js';
export type { GaugePolicy } from './cluster/gauge-policy.js';
export { PartialCollectionError } from './cluster/partial-collection-error.js';
export { redactedConfig } from './config/redacted-config.js';

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
