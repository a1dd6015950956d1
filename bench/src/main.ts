// The suite: runs the selected sections one after another (never in parallel: two cores), writes
// results.json and renders docs/performance.md (or, in smoke mode and with --only, a copy of it in
// the output directory, so a partial run never overwrites the published figures).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describeMachine } from './machine.js';
import { renderReport } from './report.js';
import type { SuiteResults } from './results.js';
import { log } from './sections/log.js';
import { runColdStart, runOtlp } from './sections/otlp-cold-start.js';
import { runComponents, runProfiles } from './sections/profile.js';
import { runRecording } from './sections/recording.js';
import { runHeap, runScrape } from './sections/scrape.js';
import { runService } from './sections/service.js';
import { runNative } from './sections/native.js';
import { runStorm } from './sections/storm.js';
import { runCluster } from './sections/cluster.js';
import { runSummary } from './sections/summary.js';
import { FULL, SMOKE } from './sizes.js';

const SECTIONS = [
  'recording',
  'scrape',
  'heap',
  'service',
  'otlp',
  'cold-start',
  'profile',
  'storm',
  'native',
  'cluster',
  'summary',
] as const;
type Section = (typeof SECTIONS)[number];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/** Runs the suite with command-line `argv`; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (argv.includes('--render')) return await renderOnly();
    const smoke = argv.includes('--smoke');
    const onlyList = option(argv, '--only')?.split(',');
    const unknown = onlyList?.filter((s) => !(SECTIONS as readonly string[]).includes(s));
    if (unknown?.length) {
      throw new Error(
        `--only: unknown section(s) ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`,
      );
    }
    const selected = new Set<Section>((onlyList as Section[] | undefined) ?? SECTIONS);
    const outOption = option(argv, '--out');
    const outDir = outOption
      ? resolve(outOption)
      : smoke
        ? join(root, '.cache', 'bench', 'smoke')
        : onlyList
          ? join(root, '.cache', 'bench', 'partial')
          : undefined;
    const dataDir = outDir ?? join(root, '.cache', 'bench');
    const docsFile = outDir ? join(outDir, 'performance.md') : join(root, 'docs', 'performance.md');
    mkdirSync(dataDir, { recursive: true });

    const sizes = smoke ? SMOKE : FULL;
    const started = Date.now();
    const machine = describeMachine(root);
    log(
      `${smoke ? 'smoke' : 'full'} run: ${[...selected].join(', ')} on ${machine.cpu} x${machine.cores}`,
    );
    const has = (s: Section) => selected.has(s);
    const results: SuiteResults = {
      smoke,
      command: smoke ? 'node bench/run.mjs --smoke' : 'pnpm bench',
      startedAt: new Date(started).toISOString(),
      durationSeconds: 0,
      machine,
      ...(has('recording') ? { recording: await runRecording(sizes) } : {}),
      ...(has('scrape') ? { scrape: await runScrape(sizes) } : {}),
      ...(has('heap') ? { heap: await runHeap(sizes) } : {}),
      ...(has('service') ? { service: await runService(sizes) } : {}),
      ...(has('otlp') ? { otlp: await runOtlp(sizes) } : {}),
      ...(has('cold-start') ? { coldStart: await runColdStart(sizes) } : {}),
      ...(has('profile')
        ? {
            profile: await runProfiles(sizes, join(dataDir, 'profiles')),
            components: await runComponents(sizes),
          }
        : {}),
      ...(has('storm') ? { storm: await runStorm(sizes) } : {}),
      ...(has('native') ? { native: await runNative(sizes) } : {}),
      ...(has('cluster') ? { cluster: await runCluster(sizes) } : {}),
      ...(has('summary') ? { summary: await runSummary(sizes) } : {}),
    };
    machine.loadAtEnd = loadavg()[0]!;
    const final: SuiteResults = { ...results, durationSeconds: (Date.now() - started) / 1000 };
    writeFileSync(join(dataDir, 'results.json'), `${JSON.stringify(final, null, 2)}\n`);
    await writeReport(final, docsFile);
    log(
      `done in ${Math.round(final.durationSeconds)} s: ${docsFile}, ${join(dataDir, 'results.json')}`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

/** Renders `results` into `docsFile` (Markdown, wrapped once by Prettier). */
async function writeReport(results: SuiteResults, docsFile: string): Promise<void> {
  const markdown = renderReport(results, root);
  const prettierOptions = (await resolveConfig(docsFile)) ?? {};
  // Wrapped here once; the repository's Prettier config (proseWrap: preserve) keeps the wrapping.
  writeFileSync(
    docsFile,
    await format(markdown, { ...prettierOptions, parser: 'markdown', proseWrap: 'always' }),
  );
}

/**
 * `--render`: rewrites docs/performance.md from the last full run's results
 * (.cache/bench/results.json) without measuring anything: for a change to the report's text.
 */
async function renderOnly(): Promise<number> {
  const file = join(root, '.cache', 'bench', 'results.json');
  if (!existsSync(file)) {
    throw new Error(`--render: ${file} does not exist; run \`pnpm bench\` first`);
  }
  const results = JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;
  if (results.smoke) throw new Error(`--render: ${file} holds a smoke run, not a full one`);
  const docsFile = join(root, 'docs', 'performance.md');
  await writeReport(results, docsFile);
  log(`rendered ${docsFile} from ${file} (run of ${results.startedAt})`);
  return 0;
}
