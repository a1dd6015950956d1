// The "where recording time goes" part of docs/performance.md: profile tables, the steps timed in
// isolation, and what Meterline could remove, each claim quoting this run's figures.
import { relative } from 'node:path';
import { table } from './markdown.js';
import type { ProfileRow, SuiteResults } from './results.js';
import { fmt, fmtSpread } from './stats.js';

const HASHING = 'attribute hashing';
const LOOKUP = 'series lookup';
const ENTRY = 'instrument entry';
const GC = 'garbage collection';
const CONTEXT = 'context lookup';
const DISPATCH = 'storage dispatch';
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
  const hashing = share(r, reused, HASHING);
  const lookup = share(r, reused, LOOKUP);
  const entry = share(r, reused, ENTRY);
  const gc = share(r, perCall, GC);
  const histAgg = share(r, hist, AGGREGATION);
  const dispatch = share(r, reused, DISPATCH);
  const context = share(r, reused, CONTEXT);
  const prom = r.recording?.find((x) => x.case === 'counter-3-attributes-reused')?.ns[
    'prom-client'
  ];
  const componentRows = Object.entries(c).map(([name, s]) => [name.trim(), fmtSpread(s)]);

  return `## 7. Where recording time goes

\`node --cpu-prof --cpu-prof-interval=100\` (100 µs sampling) on the recording child in Meterline's
setup (which records through the unchanged OTel SDK 3.1 path), summarised by
\`bench/src/profile-summary.ts\`: only samples inside the benchmark loop count, self time is grouped by
function and file and then by step (garbage-collection samples count when they follow a sample in the
loop). The profiled process runs slower (sampling, and on a busy machine whatever else runs), so the shares are what
matters; ns per call is each share of this run's unprofiled time per call. V8 attributes code it inlined to
the caller, so builtins (\`JSON.stringify\`, \`Array.prototype.sort\`, \`Map.prototype.get\`) show up
in the SDK function that calls them.

The SDK path for one \`counter.add(1, attributes)\`: \`CounterInstrument.add\` (negative check) →
\`SyncInstrument._record\` (type checks, reads \`ValueType\` through the API's re-export getter,
\`Date.now()\`) → \`MultiMetricStorage.record\` → \`SyncMetricStorage.record\` →
\`DeltaMetricProcessor.record\` → \`AttributeHashMap.get\` → \`hashAttributes\` (\`Object.keys\`,
\`sort\`, \`map\` to \`[key, value]\` pairs, \`JSON.stringify\`) → \`Map.get(hash)\` →
\`SumAccumulation.record\` (or \`HistogramAccumulation.record\` with a binary search over the buckets).

${r.profile.map((row) => profileTables(r, row, root)).join('\n')}
### The steps timed in isolation

The same attributes, each step alone in a loop (\`bench/src/cases/components.ts\`; \`hashAttributes\`
and the bucket search are verbatim copies of the SDK's internal functions), ns per call:

${table(['step', 'ns per call'], componentRows)}

### What Meterline could remove, with services still recording through \`@opentelemetry/api\`

1. **Attribute hashing: ${fmt(hashing.percent)} % (${fmt(hashing.ns)} ns) of the reused 3-attribute
   counter.** Every call rebuilds a canonical key from scratch even when the caller passes the very same
   object: \`Object.keys\` + \`sort\` (${step('  of which Object.keys + sort')} ns alone), \`map\` to pairs
   (${step('  of which keys.map to [key, value] pairs')} ns) and \`JSON.stringify\`
   (${step('  of which JSON.stringify of the pairs')} ns, the largest single step). Two remedies:
   - *A bound-instrument cache keyed by attribute-object identity*: a \`WeakMap\` from the attributes
     object to its aggregation cell costs ${step('alternative: WeakMap.get(attributes) (identity cache)')} ns. It serves the
     pattern instrumentation libraries already use (attribute objects built once and reused). The API
     does not forbid mutating an object between calls, so the cache must only trust objects that cannot
     change: frozen ones (\`Object.isFrozen\`), or ones made by a Meterline helper.
   - *A cheaper key for new objects*: remember the key order of the last object seen per instrument;
     when \`Object.keys\` matches it, concatenate escaped values (prom-client builds its key that way:
     ${step('alternative: prom-client style key (names sorted once)')} ns here) instead of sort + pairs + \`JSON.stringify\`.
2. **Series lookup: ${fmt(lookup.percent)} % (${fmt(lookup.ns)} ns).** \`Map.get\` has to hash the new,
   ~60-character key string on every call and compare it with the stored one
   (${step('  of which Map.get of the fresh string (the line above minus JSON.stringify)')} ns timed alone). The identity cache removes it for reused objects; a shorter
   key makes it cheaper for the rest.
3. **Clock read: \`Date.now()\` on every call (${step('Date.now() (clock read per call)')} ns on this VM), inside
   the instrument entry step (${fmt(entry.percent)} %, ${fmt(entry.ns)} ns).** The timestamp is used only
   when a series is created (its start time); reading the clock in that branch instead saves it on every
   other call.
4. **Context lookup: ${context.percent === 0 ? 'not on the path here' : `${fmt(context.percent)} %`}.** SDK 3.1 (as 2.x) already skips \`context.active()\`
   (${step('context.active() (no context manager)')} ns with no context manager, more with the
   AsyncLocalStorage manager a tracing setup installs) unless a view has an attributes processor.
   Meterline's \`attributes\` allow-list in a view creates exactly such a processor, so every call on those
   instruments pays the lookup although the allow-list never reads the context; applying the allow-list
   without the context (or only when an exemplar filter needs it) removes it.
5. **Garbage collection: ${fmt(gc.percent)} % (${fmt(gc.ns)} ns) with attributes built per call**
   (GC samples right after a sample in the loop), mostly the SDK's own garbage (the key array, the pairs, the JSON string); the caller's object costs
   ${step('allocating the attributes object per call')} ns to allocate. Items 1 and 2 remove most of it.
6. **Not worth it:** the storage dispatch (${fmt(dispatch.ns)} ns) and the aggregation itself
   (${fmt(histAgg.ns)} ns for the histogram, bucket search included: ${step('binary search over 12 buckets')} ns).

Hashing and lookup together are ${fmt(hashing.percent + lookup.percent)} % of the 3-attribute counter.
With the identity cache and the clock read moved, a reused-attributes call would be left with the
instrument entry, dispatch and accumulation (tens of ns), below prom-client's
${prom ? `${fmt(prom.median)} ns` : 'figure'} for the same call. None of this can be done by wrapping the
SDK's instruments (the SDK would still hash behind the wrapper): it needs Meterline's own synchronous
instrument and storage in front of the SDK's aggregation, or the change made upstream in
\`@opentelemetry/sdk-metrics\`. This is analysis input, not an implementation.
`;
}
