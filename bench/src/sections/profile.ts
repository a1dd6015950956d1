import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ComponentsArgs,
  ComponentsResult,
  RecordingArgs,
  RecordingCase,
  RecordingResult,
} from '../case-types.js';
import { summariseProfile, type CpuProfile } from '../profile-summary.js';
import type { ProfileRow } from '../results.js';
import { runCase } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread, type Spread } from '../stats.js';
import { log } from './log.js';

/** The cases profiled: the 3-attribute counter (both ways) and histogram, through the OTel SDK. */
export const PROFILED_CASES: readonly RecordingCase[] = [
  'counter-3-attributes-reused',
  'counter-3-attributes-per-call',
  'histogram-3-attributes',
];

/**
 * Profiles the recording path with `node --cpu-prof` (100 µs sampling, no inlining in TurboFan or Maglev) in Meterline's
 * setup and
 * summarises the samples inside the benchmark loop. Profiles are kept in `dir`.
 */
export async function runProfiles(sizes: Sizes, dir: string): Promise<ProfileRow[]> {
  mkdirSync(dir, { recursive: true });
  const rows: ProfileRow[] = [];
  for (const which of PROFILED_CASES) {
    const tmp = join(dir, `tmp-${which}`);
    rmSync(tmp, { recursive: true, force: true });
    const args: RecordingArgs = { impl: 'meterline', case: which, ...sizes.profile };
    const result = await runCase<RecordingResult>('recording', args, {
      // Without it V8 inlines the engine's small functions into the benchmark loop, which then
      // holds nearly every sample and says nothing about where the time goes.
      nodeArgs: [
        '--cpu-prof',
        `--cpu-prof-dir=${tmp}`,
        '--cpu-prof-interval=100',
        '--no-turbo-inlining',
        // Maglev (Node 24's middle tier) inlines too, and in a short run its code can be most of it.
        '--no-maglev-inlining',
      ],
    });
    const written = readdirSync(tmp).find((f) => f.endsWith('.cpuprofile'));
    if (!written) throw new Error(`profile of ${which}: no .cpuprofile in ${tmp}`);
    const file = join(dir, `${which}.cpuprofile`);
    renameSync(join(tmp, written), file);
    rmSync(tmp, { recursive: true, force: true });
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const summary = summariseProfile(profile, 'benchLoop', result.ops);
    rows.push({ case: which, measuredNsPerOp: result.nsPerOp, calls: result.ops, summary, file });
    log(`profile ${which}: ${summary.samples} samples, ${fmt(summary.nsPerOp)} ns/call sampled`);
  }
  return rows;
}

/** The recording path's steps timed in isolation, over fresh processes. */
export async function runComponents(sizes: Sizes): Promise<Record<string, Spread>> {
  const values = new Map<string, number[]>();
  for (let p = 0; p < sizes.components.processes; p++) {
    const args: ComponentsArgs = sizes.components;
    const result = await runCase<ComponentsResult>('components', args);
    for (const [name, ns] of Object.entries(result))
      values.set(name, [...(values.get(name) ?? []), ns]);
    log(`components #${p + 1}: ${Object.keys(result).length} steps`);
  }
  return Object.fromEntries([...values.entries()].map(([name, list]) => [name, spread(list)]));
}
