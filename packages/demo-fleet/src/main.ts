import { FleetConfigError, selectDemos } from './demos.js';
import { FleetStartError, startFleet, type Fleet } from './launcher.js';

// Runs every demo of the fleet in the foreground: `npm start`.
let fleet: Fleet | undefined;
let signalled: NodeJS.Signals | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  if (signalled) return;
  signalled = signal;
  process.stdout.write(`fleet: ${signal} received, stopping every demo\n`);
  if (fleet) void fleet.stop(signal).then((code) => process.exit(code));
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

try {
  fleet = await startFleet({ demos: selectDemos(process.env) });
} catch (error) {
  if (error instanceof FleetStartError || error instanceof FleetConfigError) {
    process.stderr.write(`fleet: ${error.message}\n`);
    process.exit(error instanceof FleetConfigError ? 2 : 1);
  }
  throw error;
}
// A signal that came during start-up stops the fleet now that it is up.
if (signalled) {
  process.exit(await fleet.stop(signalled));
}
void fleet.unexpectedExit.then((code) => {
  if (!signalled) process.exit(code);
});
