// CLI: node --allow-natives-syntax bench/dist/young-series.js [series]
// Records `series` new counter series (default 101000, over 10 counters, attributes as the
// scrape benchmark's) through the engine, then counts how many series objects and keys are still
// in V8's young generation: what a full garbage collection ending right after such a burst has to
// copy in its final pause. A diagnosis of the engine's own internals (it reads the storages'
// index), not a benchmark figure.
import { MeterProvider } from '@meterline/engine';
import { seriesAttributes } from './workload.js';

const COUNTERS = 10;

const series = Number(process.argv[2] ?? 101_000);
if (!(Number.isSafeInteger(series) && series >= 1 && series <= 5_000_000)) {
  process.stderr.write('usage: young-series [series 1..5000000]\n');
  process.exit(2);
}
let inYoungGeneration: (value: unknown) => boolean;
try {
  // V8's own test helper: a syntax error unless node runs with --allow-natives-syntax.
  inYoungGeneration = new Function(
    'value',
    'return %InYoungGeneration(value)',
  ) as typeof inYoungGeneration;
} catch {
  process.stderr.write('young-series needs node --allow-natives-syntax\n');
  process.exit(2);
}

const provider = new MeterProvider({
  selfMetrics: false,
  views: [{ instrumentName: '*', aggregationCardinalityLimit: series + 100 }],
});
const meter = provider.getMeter('bench');
const counters = Array.from({ length: COUNTERS }, (_, i) => meter.createCounter(`bench_${i}`));
for (let j = 0; j < series; j++) counters[j % COUNTERS]!.add(j + 1, seriesAttributes(j));

/** The engine's storages, as the diagnosis reads them (not a public API). */
interface Internals {
  streams: { storage: { index: { byValues: Map<string, object>; byKey: Map<string, object> } } }[];
}
let total = 0;
let youngSeries = 0;
let youngKeys = 0;
for (const { storage } of (meter as unknown as Internals).streams) {
  for (const map of [storage.index.byValues, storage.index.byKey]) {
    for (const [key, value] of map) {
      total++;
      if (inYoungGeneration(value)) youngSeries++;
      if (inYoungGeneration(key)) youngKeys++;
    }
  }
}
process.stdout.write(
  `${total} series: ${youngSeries} series objects and ${youngKeys} keys in the young generation\n`,
);
