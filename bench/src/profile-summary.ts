// Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) by function and file, restricted to the
// samples taken inside a given function (the benchmark's `benchLoop`), and groups the self time
// into the steps of the OTel SDK recording path. Self time is converted to ns per recorded call
// with the number of calls the profiled process made.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber?: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
/** The parts of the `.cpuprofile` JSON this reads. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one function, inside the root function. */
export interface FunctionSelfTime {
  readonly function: string;
  readonly file: string;
  readonly category: string;
  readonly selfMs: number;
  /** Share of all samples inside the root function, %. */
  readonly percent: number;
  readonly nsPerOp: number;
}

export interface ProfileSummary {
  /** Time sampled inside the root function (and GC right after it), ms. */
  readonly insideMs: number;
  readonly samples: number;
  readonly nsPerOp: number;
  readonly categories: readonly { category: string; percent: number; nsPerOp: number }[];
  readonly functions: readonly FunctionSelfTime[];
}

/** Steps of the recording path, matched on file and function name, first match wins. */
const CATEGORIES: readonly [string, (fn: string, file: string) => boolean][] = [
  ['garbage collection (allocation)', (fn) => fn === '(garbage collector)'],
  // Meterline's engine (packages/engine): its steps, by file.
  [
    'attribute key (engine series-index.js, attributes.js: one joined string, no JSON.stringify)',
    (_fn, file) => file === 'engine/storage/series-index.js' || file === 'engine/attributes.js',
  ],
  [
    'series lookup (engine: same-object check, Map.get)',
    (_fn, file) => file === 'engine/storage/sync-storage.js',
  ],
  [
    'aggregation (engine: accumulate, bucket binary search)',
    (_fn, file) => /^engine\/storage\/(sum|histogram|last-value)\.js$/.test(file),
  ],
  [
    'instrument entry: value checks (engine instruments.js)',
    (_fn, file) => file === 'engine/instruments.js',
  ],
  // The OTel SDK's recording path (the stock stack, and Meterline with metrics.engine: sdk).
  [
    'attribute hashing (hashAttributes: keys, sort, map, JSON.stringify)',
    (fn, file) =>
      (file.endsWith('sdk-metrics/utils.js') && fn !== 'binarySearchUB') ||
      ['stringify', 'sort', 'keys', 'map'].includes(fn),
  ],
  [
    'series lookup (AttributeHashMap.get, Map.get)',
    (_fn, file) => file.endsWith('state/HashMap.js'),
  ],
  [
    'aggregation (accumulate, bucket search)',
    (fn, file) => file.includes('sdk-metrics/aggregator/') || fn === 'binarySearchUB',
  ],
  [
    'storage dispatch (Multi/SyncMetricStorage, DeltaMetricProcessor)',
    (_fn, file) =>
      /state\/(MultiWritableMetricStorage|SyncMetricStorage|DeltaMetricProcessor)\.js$/.test(file),
  ],
  [
    'instrument entry: validation, Date.now() (Instruments.js)',
    (fn, file) => file.endsWith('sdk-metrics/Instruments.js') || fn === 'now',
  ],
  ['context lookup (context.active)', (fn) => fn === 'active'],
  [
    '@opentelemetry/api re-export getters (ValueType read per call)',
    (_fn, file) => file.startsWith('api/'),
  ],
  ['benchmark loop, per-call attribute objects', (fn) => fn === 'benchLoop'],
  ['V8 internals, unattributed ((program))', (fn) => fn === '(program)'],
];

/**
 * `…/node_modules/@opentelemetry/sdk-metrics/dist/state/HashMap.mjs` (3.x layout) or
 * `…/sdk-metrics/build/esm/state/HashMap.js` (2.x) -> `sdk-metrics/state/HashMap.js`
 */
export function shortFile(url: string): string {
  if (url === '') return '(native)';
  const inModules = url.lastIndexOf('node_modules/');
  let path = url;
  if (inModules >= 0) {
    path = url
      .slice(inModules + 'node_modules/'.length)
      .replace(/^@opentelemetry\//, '')
      .replace(/^([^/]+)\/(build\/(esm|src|esnext)|dist)\//, '$1/')
      .replace(/\.[mc]js$/, '.js');
  }
  const workspace = /\/packages\/([^/]+)\/dist\//.exec(path);
  if (workspace) path = `${workspace[1]}/${path.slice(workspace.index + workspace[0].length)}`;
  const bench = path.indexOf('/bench/dist/');
  if (bench >= 0) path = `bench/${path.slice(bench + '/bench/dist/'.length)}`;
  return path.replace(/^file:\/\//, '');
}

const bundleMaps = new Map<string, SourceMap | null>();

/**
 * The module a frame's code came from. A workspace package bundled by scripts/bundle-packages.mjs
 * (`packages/<name>/dist/index.js`, `dist/chunks/…`) is mapped back to tsc's module file through
 * the bundle's source map, so the engine's steps keep their files; any other URL is returned as is.
 */
export function moduleUrl(frame: CallFrame): string {
  const { url } = frame;
  if (!/\/packages\/[^/]+\/dist\/(index\.js|chunks\/[^/]+\.js)$/.test(url)) return url;
  let map = bundleMaps.get(url);
  if (map === undefined) {
    const file = `${fileURLToPath(url)}.map`;
    map = existsSync(file)
      ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as SourceMapPayload)
      : null;
    bundleMaps.set(url, map);
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber ?? 0);
  return entry && 'originalSource' in entry ? new URL(entry.originalSource, url).href : url;
}

/**
 * The time a sample stands for: its delta from the sample before, capped at twice the profile's
 * median delta. V8 credits the whole gap since the previous sample to the frame sampled after it,
 * so when the process was descheduled (a loaded machine: a CI run beside other test files), one
 * gap of tens of milliseconds lands on whatever function ran next and can outweigh every other
 * sample of a short profile. Time the process did not run is nobody's self time.
 */
export function sampleWeight(deltas: readonly number[]): (delta: number) => number {
  const positive = deltas.filter((d) => d > 0).sort((a, b) => a - b);
  if (positive.length === 0) return (delta) => delta;
  const cap = 2 * positive[positive.length >> 1]!;
  return (delta) => Math.min(delta, cap);
}

function categoryOf(fn: string, file: string): string {
  return CATEGORIES.find(([, match]) => match(fn, file))?.[0] ?? 'other';
}

/**
 * Summarises `profile`: self time of every function whose samples fall inside `rootFunction`,
 * converted to ns per call with `ops` (the calls the profiled process made in that function).
 */
export function summariseProfile(
  profile: CpuProfile,
  rootFunction: string,
  ops: number,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    const known = inside.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const value =
      node.callFrame.functionName === rootFunction || (up !== undefined && isInside(up));
    inside.set(id, value);
    return value;
  };
  const weight = sampleWeight(profile.timeDeltas);
  const selfMicros = new Map<string, { fn: string; file: string; micros: number }>();
  let insideMicros = 0;
  let samples = 0;
  // V8 records garbage collection and unattributed VM time as "(garbage collector)" and "(program)"
  // at the root, not under the JavaScript stack that caused them: count such a sample as inside when
  // the sample before it was.
  let previousInside = false;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const { functionName } = frame;
    const vm = functionName === '(garbage collector)' || functionName === '(program)';
    const counted = vm ? previousInside : isInside(id);
    if (!vm) previousInside = counted;
    if (!counted) return;
    const fn = functionName || '(anonymous)';
    const file = shortFile(moduleUrl(frame));
    const key = `${fn}\u0000${file}`;
    const entry = selfMicros.get(key) ?? { fn, file, micros: 0 };
    const dt = weight(profile.timeDeltas[i] ?? 0);
    entry.micros += dt;
    insideMicros += dt;
    samples++;
    selfMicros.set(key, entry);
  });
  if (samples === 0) throw new Error(`no samples inside ${rootFunction}: was it profiled?`);
  const functions = [...selfMicros.values()]
    .map((e) => ({
      function: e.fn,
      file: e.file,
      category: categoryOf(e.fn, e.file),
      selfMs: e.micros / 1000,
      percent: (e.micros / insideMicros) * 100,
      nsPerOp: (e.micros * 1000) / ops,
    }))
    .sort((a, b) => b.selfMs - a.selfMs);
  const categories = new Map<string, { percent: number; nsPerOp: number }>();
  for (const f of functions) {
    const c = categories.get(f.category) ?? { percent: 0, nsPerOp: 0 };
    c.percent += f.percent;
    c.nsPerOp += f.nsPerOp;
    categories.set(f.category, c);
  }
  return {
    insideMs: insideMicros / 1000,
    samples,
    nsPerOp: (insideMicros * 1000) / ops,
    categories: [...categories.entries()]
      .map(([category, c]) => ({ category, ...c }))
      .sort((a, b) => b.percent - a.percent),
    functions,
  };
}
