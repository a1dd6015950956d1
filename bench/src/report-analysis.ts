// The "where recording time goes" part of docs/performance.md: profile tables, the steps timed in
// isolation, and what Meterline could remove, each claim quoting this run's figures.
import { relative } from 'node:path';
import { table } from './markdown.js';
import type { ProfileRow, SuiteResults } from './results.js';
import { fmt, fmtSpread } from './stats.js';

const KEY = 'attribute key';
const LOOKUP = 'series lookup';
const ENTRY = 'instrument entry';
const GC = 'garbage collection';
const AGGREGATION = 'aggregation';

/**
 * ns per call of the whole profiled case: this run's unprofiled Meterline median from section 1
 * (the profiled process is slowed by sampling and, on a shared machine, by whatever else runs), or
 * the sampled figure when section 1 was not run.
 */
function baseNs(r: SuiteResults, row: ProfileRow): { ns: number; source: string } {
  const measured = r.recording?.find((x) => x.case === row.case)?.ns.meterline?.median;
  if (measured !== undefined) return { ns: measured, source: 'the Meterline median of section 1' };
  return { ns: row.summary.nsPerOp, source: 'the sampled time per call' };
}

function share(
  r: SuiteResults,
  row: ProfileRow | undefined,
  prefix: string,
): { percent: number; ns: number } {
  const c = row?.summary.categories.find((x) => x.category.startsWith(prefix));
  const percent = c?.percent ?? 0;
  return { percent, ns: row ? (percent / 100) * baseNs(r, row).ns : 0 };
}

function profileTables(r: SuiteResults, row: ProfileRow, root: string): string {
  const s = row.summary;
  const base = baseNs(r, row);
  const ns = (percent: number) => fmt((percent / 100) * base.ns);
  const categories = s.categories.map((c) => [c.category, `${fmt(c.percent)} %`, ns(c.percent)]);
  const functions = s.functions
    .slice(0, 8)
    .map((f) => [`\`${f.function}\``, f.file, `${fmt(f.percent)} %`, ns(f.percent)]);
  return `### ${row.case}

${s.samples} samples (${fmt(s.insideMs)} ms) inside the loop; ns per call below is the share times
${base.source} (${fmt(base.ns)} ns). Under the profiler the same process measured
${fmt(row.measuredNsPerOp)} ns per call (${fmt(s.nsPerOp)} ns by sampled time). Reproduce the tables with
\`node bench/dist/summarise-profile.js ${relative(root, row.file)} ${row.calls}\`.

${table(['step', 'self time', 'ns per call'], categories)}

${table(['function', 'file', 'self time', 'ns per call'], functions)}
`;
}

/** Renders the profile section, or nothing when the profile was not run. */
export function renderAnalysis(r: SuiteResults, root = process.cwd()): string {
  if (!r.profile) return '';
  const reused = r.profile.find((p) => p.case === 'counter-3-attributes-reused');
  const perCall = r.profile.find((p) => p.case === 'counter-3-attributes-per-call');
  const hist = r.profile.find((p) => p.case === 'histogram-3-attributes');
  const c = r.components ?? {};
  const step = (name: string) => (c[name] ? fmt(c[name].median) : '?');
  const key = share(r, perCall, KEY);
  const lookupReused = share(r, reused, LOOKUP);
  const lookupPerCall = share(r, perCall, LOOKUP);
  const entry = share(r, reused, ENTRY);
  const gc = share(r, perCall, GC);
  const histAgg = share(r, hist, AGGREGATION);
  const prom = (which: string) =>
    r.recording?.find((x) => x.case === which)?.ns['prom-client']?.median;
  const componentRows = Object.entries(c).map(([name, s]) => [name.trim(), fmtSpread(s)]);

  return `## 7. Where recording time goes

\`node --cpu-prof --cpu-prof-interval=100 --no-turbo-inlining --no-maglev-inlining\` (100 µs sampling) on the recording child in Meterline's
setup (which records through Meterline's own engine, \`packages/engine\`), summarised by
\`bench/src/profile-summary.ts\`: only samples inside the benchmark loop count, self time is grouped by
function and file and then by step (garbage-collection samples count when they follow a sample in the
loop; each sample counts for the time since the one before, at most twice the profile's median interval, so
time the process spent descheduled is nobody's). The profiled process runs slower (sampling, and on a busy machine whatever else runs), so the shares are what
matters; ns per call is each share of this run's unprofiled time per call. The profiled child runs
with \`--no-turbo-inlining --no-maglev-inlining\`: with inlining, V8 folds the engine's small functions into the benchmark
loop, which then holds nearly every sample. Without it each function keeps its own samples, at the
price of a real call per function, so the profiled process is slower still and the shares lean a little
towards call overhead. Builtins (\`Map.prototype.get\`, string concatenation) still show up in the
function that calls them.

The engine's path for one \`counter.add(1, attributes)\`: \`CounterInstrument.add\` (one
\`typeof\`, a sign and a finiteness check; no clock read) → \`SumStorage.record\` →
\`SyncStorage.find\`: when \`attributes\` is the object the previous call passed and it still holds
the series' entries (a loop over its keys, no allocation), that series; otherwise
\`SeriesIndex.probe\` (one \`for-in\` checking the names and value types against the instrument's
usual shape, the values joined with NUL into one flat key) and one \`Map.get\`. Only a miss goes on
to \`lookup\` (the values checked, attribute limits, a view's processor, \`attributesKey\` for sets
of another shape, a new series). Then two additions into the series' accumulation (a histogram adds
a binary search over its boundaries).

${r.profile.map((row) => profileTables(r, row, root)).join('\n')}
### The steps timed in isolation

The same attributes, each step alone in a loop (\`bench/src/cases/components.ts\`; \`hashAttributes\`
and the bucket search are verbatim copies of the OTel SDK's internal functions, the path Meterline
used before its engine and still uses with \`metrics.engine: sdk\`), ns per call:

${table(['step', 'ns per call'], componentRows)}

### Where the remaining nanoseconds go

1. **Reused attributes object: the series lookup is ${fmt(lookupReused.percent)} % (${fmt(lookupReused.ns)} ns)
   of the call,** the same-object check included; the instrument entry is ${fmt(entry.percent)} %
   (${fmt(entry.ns)} ns). prom-client's same call: ${prom('counter-3-attributes-reused') ? `${fmt(prom('counter-3-attributes-reused')!)} ns` : 'not measured in this run'}.
2. **A new attributes object per call: the key is ${fmt(key.percent)} % (${fmt(key.ns)} ns) and the
   lookup ${fmt(lookupPerCall.percent)} % (${fmt(lookupPerCall.ns)} ns)**; garbage collection
   ${fmt(gc.percent)} % (${fmt(gc.ns)} ns), mostly the caller's own object
   (${step('allocating the attributes object per call')} ns to allocate) and the key string. The SDK's
   \`hashAttributes\` alone costs ${step('hashAttributes(3 attributes)')} ns for the same set.
   prom-client's same call: ${prom('counter-3-attributes-per-call') ? `${fmt(prom('counter-3-attributes-per-call')!)} ns` : 'not measured in this run'}.
3. **Histogram: the aggregation is ${fmt(histAgg.percent)} % (${fmt(histAgg.ns)} ns)**, the binary
   search over 12 buckets included (${step('binary search over 12 buckets')} ns alone).
`;
}
