import { CLUSTER_IMPLS, type ClusterArgs, type ClusterResult } from '../case-types.js';
import type { ClusterRow } from '../results.js';
import { runCase } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { log } from './log.js';

/**
 * Section 10: a `node:cluster` service whose primary serves every worker's series merged on one
 * endpoint, with Meterline (`startTelemetry({ cluster })`) and with prom-client's
 * `AggregatorRegistry`, on the same series, for each share of series changed between scrapes;
 * implementations interleaved, each repetition a fresh service (primary and workers).
 */
export async function runCluster(sizes: Sizes): Promise<ClusterRow[]> {
  const s = sizes.cluster;
  const runs = new Map<string, ClusterResult[]>();
  const key = (impl: string, changed: number) => `${impl}/${changed}`;
  for (let p = 0; p < s.processes; p++) {
    for (const changed of s.changed) {
      for (const impl of CLUSTER_IMPLS) {
        const args: ClusterArgs = {
          impl,
          workers: s.workers,
          series: s.series,
          scrapes: s.scrapes,
          changed,
        };
        const r = await runCase<ClusterResult>('cluster', args, { timeoutMs: 300_000 });
        runs.set(key(impl, changed), [...(runs.get(key(impl, changed)) ?? []), r]);
        log(
          `cluster ${impl} ${s.workers}x${s.series} (${changed * 100} % changed) #${p + 1}: ` +
            `scrape ${fmt(r.scrapeMs)} ms, primary CPU ${fmt(r.primaryCpuMs)} ms`,
        );
      }
    }
  }
  return s.changed.flatMap((changed) =>
    CLUSTER_IMPLS.map((impl): ClusterRow => {
      const list = runs.get(key(impl, changed))!;
      return {
        impl,
        workers: s.workers,
        series: s.series,
        scrapes: s.scrapes,
        changed,
        scrapeMs: spread(list.map((r) => r.scrapeMs)),
        primaryCpuMs: spread(list.map((r) => r.primaryCpuMs)),
        samples: list.at(-1)!.samples,
      };
    }),
  );
}
