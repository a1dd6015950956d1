export { FLEET_DEMOS, FleetConfigError, selectDemos } from './demos.js';
export type { DemoSpec } from './demos.js';
export { ENDPOINT_LINE, READY_LINE, startDemoProcess } from './demo-process.js';
export type { DemoProcess } from './demo-process.js';
export { FleetStartError, startFleet } from './launcher.js';
export type { Fleet, FleetOptions } from './launcher.js';
