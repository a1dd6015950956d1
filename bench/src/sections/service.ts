import {
  SERVICE_VARIANTS,
  type LoadRun,
  type LoadgenArgs,
  type LoadgenResult,
  type PairedLoadArgs,
  type ServiceVariant,
} from '../case-types.js';
import type { ServiceRow } from '../results.js';
import { runCase, startService } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, median, spread } from '../stats.js';
import { log } from './log.js';

/** Throws unless the service's own metrics counted every request it recorded and none is in flight. */
function check(variant: ServiceVariant, result: LoadgenResult): void {
  const f = result.final;
  if (variant === 'none') return;
  const problems = [
    f.recorded !== f.recordedRequests &&
      `served ${f.recordedRequests} requests with recording on, its request counter counted ${f.recorded}`,
    f.inFlight !== 0 && `its in-flight up-down counter reads ${f.inFlight} after the load, not 0`,
    f.inFlightSeries < 1 && 'its exposition has no in-flight series',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new Error(`service ${variant}: ${problems.join('; ')}`);
}

/** One mode's row from each process's paired run. */
function row(
  variant: ServiceVariant,
  mode: ServiceRow['mode'],
  phasing: PairedLoadArgs,
  runs: readonly LoadRun[],
): ServiceRow {
  const over = (f: (run: LoadRun) => number) => spread(runs.map(f));
  const inState = (run: LoadRun, on: boolean) => run.phases.filter((p) => p.recording === on);
  const perRequest = (run: LoadRun, on: boolean) =>
    median(inState(run, on).map((p) => p.cpuMicros / p.requests));
  return {
    variant,
    mode,
    throughput: over((run) => median(inState(run, true).map((p) => (p.requests / p.ms) * 1000))),
    offMicrosPerRequest: over((run) => perRequest(run, false)),
    onMicrosPerRequest: over((run) => perRequest(run, true)),
    addedMicrosPerRequest: over((run) => median(run.addedMicrosPerRequest)),
    throughputDropPercent: over((run) => median(run.throughputDropPercent)),
    cpuPercent: over((run) =>
      median(inState(run, true).map((p) => (p.cpuMicros / 1000 / p.ms) * 100)),
    ),
    latencyP99Ms: over((run) => run.latencyP99Ms),
    pairs: phasing.pairs,
    phaseSeconds: phasing.phaseSeconds,
    streams: mode === 'fixed' ? (phasing.streams ?? 1) : 1,
    skippedPairs: runs.map((run) => run.skippedPairs),
    addedPerPair: runs.map((run) => run.addedMicrosPerRequest),
  };
}

/**
 * Section 4: the same `node:http` service with no metrics, Meterline, prom-client and the stock
 * OTel stack, each in fresh processes (variants interleaved) under a loopback autocannon load. In
 * each process, a saturation run and a fixed-rate run, each split into pairs of phases with the
 * service's recording switched off and on: the added CPU per request is measured within one process.
 */
export async function runService(sizes: Sizes): Promise<ServiceRow[]> {
  const s = sizes.service;
  const runs = new Map<ServiceVariant, LoadgenResult[]>(SERVICE_VARIANTS.map((v) => [v, []]));
  for (let p = 0; p < s.processes; p++) {
    for (const variant of SERVICE_VARIANTS) {
      const service = await startService('service', { variant });
      try {
        const args: LoadgenArgs = {
          url: service.url,
          warmupSeconds: s.warmupSeconds,
          connections: s.connections,
          pipelining: s.pipelining,
          saturation: s.saturation,
          fixedRate: s.fixedRate,
          fixedConnections: s.fixedConnections,
          fixed: s.fixed,
        };
        const result = await runCase<LoadgenResult>('loadgen', args, { timeoutMs: 120_000 });
        check(variant, result);
        runs.get(variant)!.push(result);
        const added = (run: LoadRun) =>
          run.addedMicrosPerRequest.map(fmt).join(' ') +
          (run.skippedPairs > 0 ? ` (${run.skippedPairs} pairs left out)` : '');
        log(
          `service ${variant} #${p + 1}: added µs CPU/req per pair: saturated ${added(result.saturation)}; ` +
            `at ${s.fixedRate}/s ${added(result.fixed)}`,
        );
      } finally {
        await service.stop();
      }
    }
  }
  return (['saturation', 'fixed'] as const).flatMap((mode) =>
    SERVICE_VARIANTS.map((variant) =>
      row(
        variant,
        mode,
        s[mode],
        runs.get(variant)!.map((r) => r[mode]),
      ),
    ),
  );
}
