import { RECORDING_CASES, type RecordingArgs, type RecordingResult } from '../case-types.js';
import type { RecordingRow } from '../results.js';
import { runCase } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { IMPLS } from '../workload.js';
import { log } from './log.js';

/** Section 1: ns per recording call, every case x implementation, interleaved over processes. */
export async function runRecording(sizes: Sizes): Promise<RecordingRow[]> {
  const values = new Map<string, number[]>();
  for (let p = 0; p < sizes.recording.processes; p++) {
    for (const which of RECORDING_CASES) {
      for (const impl of IMPLS) {
        const args: RecordingArgs = { impl, case: which, ...sizes.recording };
        const result = await runCase<RecordingResult>('recording', args);
        if (result.recorded !== result.ops) {
          throw new Error(
            `recording ${which} ${impl}: made ${result.ops} calls, the exposition shows ${result.recorded}`,
          );
        }
        const key = `${which}\u0000${impl}`;
        values.set(key, [...(values.get(key) ?? []), result.nsPerOp]);
        log(`recording ${which} ${impl} #${p + 1}: ${fmt(result.nsPerOp)} ns/call`);
      }
    }
  }
  return RECORDING_CASES.map((which) => ({
    case: which,
    ns: Object.fromEntries(
      IMPLS.map((impl) => [impl, spread(values.get(`${which}\u0000${impl}`)!)]),
    ),
  }));
}
