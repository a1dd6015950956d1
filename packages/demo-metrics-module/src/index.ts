export { startBillingComponent } from './billing-component.js';
export type { BillingComponent } from './billing-component.js';
export { MetricsModuleConfigError, readMetricsModuleConfig } from './config.js';
export type { MetricsModuleConfig } from './config.js';
export { SUMMARY_INSTRUMENTS, startMetricsModuleTelemetry, withGrpcExporter } from './telemetry.js';
