// Child: the steps of the OTel SDK 3.1 recording path timed one by one, in isolation, on the same
// attributes as the 3-attribute cases. `hashAttributes` is a verbatim copy of the SDK's internal
// function (sdk-metrics/dist/utils.mjs), which is not exported. Also timed: what a cheaper path
// would cost instead (an identity check, a WeakMap lookup, a prom-client style key).
import { context } from '@opentelemetry/api';
import type { ComponentsArgs, ComponentsResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';
import { nsPerIteration, type SinkLoop } from '../measure-loop.js';
import { BUCKETS, FIXED_ATTRIBUTES, LABEL_NAMES, LATENCIES } from '../workload.js';

type Attributes = Record<string, string | undefined>;

// Verbatim from @opentelemetry/sdk-metrics 3.1.0 dist/utils.mjs (unchanged since 2.x).
function hashAttributes(attributes: Attributes): string {
  let keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  keys = keys.sort();
  return JSON.stringify(keys.map((key) => [key, attributes[key]]));
}

// Verbatim in spirit from prom-client 15 lib/util.js hashObject: label names sorted once at
// creation, one concatenated key per call.
function promKey(labels: Attributes, sortedNames: readonly string[]): string {
  let key = '';
  for (const name of sortedNames) key += `${name}:${labels[name]},`;
  return key;
}

// Verbatim from @opentelemetry/sdk-metrics 3.1.0 dist/utils.mjs (unchanged since 2.x) (bucket search of the histogram).
function binarySearchUB(arr: readonly number[], value: number): number {
  let lo = 0;
  let hi = arr.length - 1;
  let ret = arr.length;
  while (hi >= lo) {
    const mid = lo + Math.trunc((hi - lo) / 2);
    if (arr[mid]! < value) {
      lo = mid + 1;
    } else {
      ret = mid;
      hi = mid - 1;
    }
  }
  return ret;
}

const attributes: Attributes = { ...FIXED_ATTRIBUTES };
const perCall = (i: number): Attributes => ({
  method: i & 1 ? 'GET' : 'POST',
  route: '/api/items',
  status_code: '200',
});
const sortedNames = [...LABEL_NAMES].sort();
const storage = new Map<string, { value: number }>([[hashAttributes(attributes), { value: 0 }]]);
const pairs = sortedNames.map((key) => [key, attributes[key]]);
const byIdentity = new WeakMap<object, { value: number }>([[attributes, { value: 0 }]]);

const STRINGIFY = '  of which JSON.stringify of the pairs';
const FRESH_LOOKUP = 'JSON.stringify of the pairs, then Map.get of that fresh string';
const LOOKUP_ALONE = '  of which Map.get of the fresh string (the line above minus JSON.stringify)';

/** Each step, named as in the docs table. */
const steps: Record<string, SinkLoop> = {
  'Date.now() (clock read per call)': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Date.now();
    return s;
  },
  'context.active() (no context manager)': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += context.active() === undefined ? 1 : 0;
    return s;
  },
  'hashAttributes(3 attributes)': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += hashAttributes(attributes).length;
    return s;
  },
  '  of which Object.keys + sort': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Object.keys(attributes).sort().length;
    return s;
  },
  '  of which keys.map to [key, value] pairs': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += sortedNames.map((key) => [key, attributes[key]]).length;
    return s;
  },
  [STRINGIFY]: (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += JSON.stringify(pairs).length;
    return s;
  },
  [FRESH_LOOKUP]: (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += storage.get(JSON.stringify(pairs))!.value;
    return s;
  },
  'allocating the attributes object per call': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += perCall(i).method!.length;
    return s;
  },
  'binary search over 12 buckets': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += binarySearchUB(BUCKETS, LATENCIES[i & 1023]!);
    return s;
  },
  'alternative: prom-client style key (names sorted once)': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += promKey(attributes, sortedNames).length;
    return s;
  },
  'alternative: WeakMap.get(attributes) (identity cache)': (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += byIdentity.get(attributes)!.value;
    return s;
  },
};

runChild(async () => {
  const args = readArgs<ComponentsArgs>();
  const result: ComponentsResult = {};
  for (const [name, loop] of Object.entries(steps)) {
    result[name] = nsPerIteration(loop, { ...args, warmupMs: args.batchMs });
    if (name === FRESH_LOOKUP) {
      // A string's hash is computed on its first lookup and cached in it, so a lookup is only
      // realistic on a string just made: time make + lookup, and subtract make.
      result[LOOKUP_ALONE] = Math.max(0, result[name]! - result[STRINGIFY]!);
    }
  }
  emitResult(result);
});
