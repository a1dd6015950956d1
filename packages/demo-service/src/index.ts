export { DEMO_VERSION, startDemoTelemetry } from './telemetry.js';
export type { DemoTelemetryOptions } from './telemetry.js';
export {
  exitWith,
  printEndpoints,
  sayOnStdout,
  serveUntilSignal,
  startFailure,
} from './lifecycle.js';
export type { Say, ServeOptions } from './lifecycle.js';
export { envSettings } from './env-settings.js';
export type { EnvSettings, SettingsErrorType } from './env-settings.js';
