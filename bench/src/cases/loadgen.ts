// Child: the loopback load generator (autocannon) for one service: a warm-up, then a saturation run
// and a fixed-rate run, each under one continuous load split into phases with the service's
// recording switched off and on (pairs, order alternating), each phase bracketed by the service's
// marks. Every run is bounded by its phases; only ever targets the 127.0.0.1 URL it is given.
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import {
  MARK_PATH,
  type LoadPhase,
  type LoadRun,
  type LoadgenArgs,
  type LoadgenResult,
  type PairedLoadArgs,
  type ServiceMark,
} from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';

async function mark(url: string, query: string): Promise<ServiceMark> {
  const response = await fetch(`${url}${MARK_PATH}?${query}`);
  if (!response.ok) throw new Error(`${MARK_PATH}?${query}: HTTP ${response.status}`);
  return (await response.json()) as ServiceMark;
}

interface LoadOptions {
  connections: number;
  seconds: number;
  overallRate?: number;
  pipelining?: number;
}

/** Starts a load; `done` settles with autocannon's result once it ran out or was stopped. */
function load(args: LoadgenArgs, options: LoadOptions) {
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${args.url}/hello`,
        connections: options.connections,
        duration: options.seconds,
        ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
        pipelining: options.pipelining ?? 1,
        timeout: 10,
        // How often autocannon samples, hence how soon stop() takes effect after the last phase.
        sampleInt: 100,
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    );
  });
  return { instance, done };
}

function checked(result: autocannon.Result): autocannon.Result {
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`load run had ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  }
  return result;
}

/** Recording state of phase `i`: pairs alternate off-on, on-off, so a drift hits both alike. */
function recordingIn(i: number): boolean {
  const pair = i >> 1;
  const first = pair % 2 === 1;
  return i % 2 === 0 ? first : !first;
}

/** `total` split into `parts` whole numbers that differ by at most one. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor((total + i) / parts));
}

/**
 * One load split into `pairs × 2` phases, the service's recording switched at every phase
 * boundary; per pair, CPU µs/request on minus off, and the throughput drop. With a rate, the load
 * is `streams` autocannon instances started 1/streams s apart, each with its share of the rate and
 * connections: autocannon lets a connection send its share of a second's requests at the start of
 * each second, so the service gets `streams` bursts a second, and phases (whole multiples of
 * 1/streams s) switch half-way between two bursts.
 */
async function paired(
  args: LoadgenArgs,
  options: Omit<LoadOptions, 'seconds'>,
  phasing: PairedLoadArgs,
): Promise<LoadRun> {
  const count = phasing.pairs * 2;
  const streams = options.overallRate === undefined ? 1 : (phasing.streams ?? 1);
  const gap = 1 / streams;
  if (
    options.overallRate !== undefined &&
    Math.abs(phasing.phaseSeconds / gap - Math.round(phasing.phaseSeconds / gap)) > 1e-9
  ) {
    throw new Error(
      `phases of ${phasing.phaseSeconds} s are not whole multiples of 1/${streams} s`,
    );
  }
  const lead = options.overallRate === undefined ? 0.1 : (streams - 0.5) * gap;
  // Longer than the phases (stopped after the last one); the bound if a mark never answers.
  const seconds = lead + count * phasing.phaseSeconds + 30;
  const rates =
    options.overallRate === undefined ? [undefined] : split(options.overallRate, streams);
  const connections = split(Math.max(options.connections, streams), streams);
  const loads: ReturnType<typeof load>[] = [];
  const started = performance.now();
  const marks: ServiceMark[] = [];
  try {
    for (let k = 0; k < streams; k++) {
      await sleep(Math.max(0, started + k * gap * 1000 - performance.now()));
      const rate = rates[k];
      loads.push(
        load(args, {
          ...options,
          connections: connections[k]!,
          seconds,
          ...(rate !== undefined ? { overallRate: rate } : {}),
        }),
      );
    }
    for (let i = 0; i <= count; i++) {
      const due = started + (lead + i * phasing.phaseSeconds) * 1000;
      await sleep(Math.max(0, due - performance.now()));
      // The mark closes phase i - 1 and switches to phase i's state (on again after the last).
      marks.push(await mark(args.url, `record=${i < count && !recordingIn(i) ? 'off' : 'on'}`));
    }
  } finally {
    for (const l of loads) l.instance.stop();
  }
  const results = (await Promise.all(loads.map((l) => l.done))).map(checked);
  const phases: LoadPhase[] = [];
  for (let i = 0; i < count; i++) {
    const [a, b] = [marks[i]!, marks[i + 1]!];
    const phase = {
      recording: recordingIn(i),
      requests: b.requests - a.requests,
      cpuMicros: b.cpuMicros - a.cpuMicros,
      ms: b.at - a.at,
    };
    const recorded = b.recordedRequests - a.recordedRequests;
    if (recorded !== (phase.recording ? phase.requests : 0)) {
      throw new Error(
        `phase ${i} (recording ${phase.recording}) recorded ${recorded} of ${phase.requests}`,
      );
    }
    phases.push(phase);
  }
  // At a fixed rate a phase should hold rate × length requests. On a busy machine a burst can slip
  // into the next phase (timers late by a phase length): such a pair compares unlike loads and is
  // left out; at saturation only a phase without a request is.
  const expected =
    options.overallRate === undefined ? undefined : options.overallRate * phasing.phaseSeconds;
  const usable = (p: LoadPhase) =>
    expected === undefined
      ? p.requests > 0
      : p.requests >= expected * 0.75 && p.requests <= expected * 1.25;
  const perRequest = (p: LoadPhase) => p.cpuMicros / p.requests;
  const rate = (p: LoadPhase) => p.requests / p.ms;
  const kept: LoadPhase[] = [];
  const addedMicrosPerRequest: number[] = [];
  const throughputDropPercent: number[] = [];
  for (let i = 0; i < count; i += 2) {
    const pair = [phases[i]!, phases[i + 1]!];
    if (!pair.every(usable)) continue;
    const [on, off] = pair[0]!.recording ? [pair[0]!, pair[1]!] : [pair[1]!, pair[0]!];
    kept.push(...pair);
    addedMicrosPerRequest.push(perRequest(on) - perRequest(off));
    throughputDropPercent.push((1 - rate(on) / rate(off)) * 100);
  }
  if (addedMicrosPerRequest.length < Math.ceil(phasing.pairs / 2)) {
    throw new Error(
      `only ${addedMicrosPerRequest.length} of ${phasing.pairs} pairs of phases held the load they ` +
        `should (${expected ?? '> 0'} requests each): ${JSON.stringify(phases)}`,
    );
  }
  return {
    phases: kept,
    skippedPairs: phasing.pairs - addedMicrosPerRequest.length,
    addedMicrosPerRequest,
    throughputDropPercent,
    latencyP50Ms: Math.max(...results.map((r) => r.latency.p50)),
    latencyP99Ms: Math.max(...results.map((r) => r.latency.p99)),
    requests: results.reduce((sum, r) => sum + r.requests.total, 0),
  };
}

runChild(async () => {
  const args = readArgs<LoadgenArgs>();
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(args.url))
    throw new Error(`not a loopback URL: ${args.url}`);
  if (args.warmupSeconds > 0) {
    const warmup = load(args, {
      connections: args.connections,
      seconds: args.warmupSeconds,
      pipelining: args.pipelining,
    });
    checked(await warmup.done);
  }
  const saturation = await paired(
    args,
    { connections: args.connections, pipelining: args.pipelining },
    args.saturation,
  );
  const fixed = await paired(
    args,
    { connections: args.fixedConnections, overallRate: args.fixedRate },
    args.fixed,
  );
  const result: LoadgenResult = { saturation, fixed, final: await mark(args.url, 'check') };
  emitResult(result);
});
