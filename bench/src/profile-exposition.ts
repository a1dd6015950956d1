// CLI: node bench/dist/profile-exposition.js [series] [counter|histogram] [bodies] [time]
// Profiles Meterline's exposition alone (the handler's collection with `deferPoints`, then the
// text serializer) over `series` series recorded as the scrape benchmark records them (default
// 100000 counters, 10 bodies after 3 unprofiled ones): prints the bodies' times and the functions
// with the most self time, bundled code mapped back to its module. With `time`, only the times,
// without the profiler (which slows what it samples), and those of the collection alone. A
// diagnosis for comparing two builds, not a benchmark figure: no peer runs beside it (section 2
// of docs/performance.md has the figures).
import { Session } from 'node:inspector/promises';
import { moduleUrl, sampleWeight, shortFile, type CpuProfile } from './profile-summary.js';
import { startScrapeTarget, type SeriesKind } from './scrape-targets.js';
import { fmt, fmtSpread, spread } from './stats.js';

const WARM_BODIES = 3;
const SHOWN = 20;

const [seriesArg = '100000', kindArg = 'counter', bodiesArg = '10', mode] = process.argv.slice(2);
const series = Number(seriesArg);
const bodies = Number(bodiesArg);
if (
  !(Number.isSafeInteger(series) && series >= 1 && series <= 1_000_000) ||
  (kindArg !== 'counter' && kindArg !== 'histogram') ||
  !(Number.isSafeInteger(bodies) && bodies >= 1 && bodies <= 200) ||
  (mode !== undefined && mode !== 'time')
) {
  process.stderr.write(
    'usage: profile-exposition [series 1..1000000] [counter|histogram] [bodies 1..200] [time]\n',
  );
  process.exit(2);
}
const kind: SeriesKind = kindArg;

// Piped into `head`, say: stop quietly when the reader has gone.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

const target = await startScrapeTarget('meterline', series);
try {
  target.populate(kind, series);
  for (let i = 0; i < WARM_BODIES; i++) await target.body();
  const session = mode === 'time' ? undefined : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const times: number[] = [];
  for (let i = 0; i < bodies; i++) {
    const started = performance.now();
    await target.body();
    times.push(performance.now() - started);
  }
  const profile = session
    ? ((await session.post('Profiler.stop')) as { profile: CpuProfile }).profile
    : undefined;
  session?.disconnect();
  const how = profile ? 'profiled' : 'timed';
  process.stdout.write(
    `${series} ${kind} series, ${bodies} bodies ${how}: ${fmtSpread(spread(times))} ms each, median (min–max)\n`,
  );
  if (!profile) {
    const collections: number[] = [];
    for (let i = 0; i < bodies; i++) {
      const started = performance.now();
      await target.collection!();
      collections.push(performance.now() - started);
    }
    process.stdout.write(
      `the collection alone, ${bodies} times: ${fmtSpread(spread(collections))} ms each, median (min–max)\n`,
    );
  } else {
    process.stdout.write('\n');
    for (const [name, percent] of selfTimes(profile).slice(0, SHOWN)) {
      process.stdout.write(`${fmt(percent).padStart(6)} %  ${name}\n`);
    }
  }
} finally {
  await target.close();
}

/** Self time by function over the whole profile (idle time left out), most first, in percent. */
function selfTimes(profile: CpuProfile): [string, number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const weight = sampleWeight(profile.timeDeltas);
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const name = `${frame.functionName || '(anonymous)'}  ${shortFile(moduleUrl(frame))}`;
    const time = weight(profile.timeDeltas[i]!);
    totals.set(name, (totals.get(name) ?? 0) + time);
    all += time;
  });
  return [...totals]
    .map(([name, time]): [string, number] => [name, (100 * time) / all])
    .sort((a, b) => b[1] - a[1]);
}
