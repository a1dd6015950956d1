export type {
  AnyExporterPlugin,
  DeliveryTotals,
  ExporterContext,
  ExporterEndpoint,
  ExporterInstance,
  ExporterPlugin,
  PushExporterReport,
} from './plugin.js';
export { createConsoleLogger, redactingLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { HealthRegistry } from './health-registry.js';
export type {
  CheckReport,
  HealthCheck,
  HealthCheckOptions,
  HealthCheckResult,
  HealthReport,
  HealthStatus,
} from './health-registry.js';
export type { EnvBinding, EnvValueType } from './config/env-binding.js';
export { ConfigError, formatKey } from './config/errors.js';
export type { ConfigProblem } from './config/errors.js';
export {
  bytesSchema,
  countSchema,
  millisSchema,
  portSchema,
  MAX_TIMER_MILLIS,
} from './config/ranges.js';
export type { Range } from './config/ranges.js';
export { parseYamlLayer, readFileLayer } from './config/file.js';
export type { FileLayer } from './config/file.js';
export { validateLayer } from './config/validate.js';
export { z } from './config/zod.js';
export type { Locate } from './config/validate.js';
export {
  collectSecrets,
  createRedactor,
  isSecretPath,
  isSecretVariable,
  redactUrlCredentials,
  REDACTED,
} from './config/redact.js';
