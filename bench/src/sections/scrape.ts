import type { HeapArgs, HeapResult, ScrapeArgs, ScrapeResult } from '../case-types.js';
import type { HeapRow, ScrapeRow } from '../results.js';
import { runCase } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { IMPLS } from '../workload.js';
import { log } from './log.js';

const KINDS = ['counter', 'histogram'] as const;

/** Section 2: scrape time, bytes and longest loop block per size, kind and implementation. */
export async function runScrape(sizes: Sizes): Promise<ScrapeRow[]> {
  const rows: ScrapeRow[] = [];
  for (const size of sizes.scrape) {
    for (const kind of KINDS) {
      const runs = new Map<string, ScrapeResult[]>(IMPLS.map((i) => [i, []]));
      const processes = kind === 'histogram' ? size.histogramProcesses : size.processes;
      for (let p = 0; p < processes; p++) {
        for (const impl of IMPLS) {
          const args: ScrapeArgs = {
            impl,
            kind,
            series: size.series,
            scrapes: size.scrapes,
            bodies: size.bodies,
          };
          const result = await runCase<ScrapeResult>('scrape', args, { timeoutMs: 300_000 });
          runs.get(impl)!.push(result);
          log(
            `scrape ${kind} ${size.series} ${impl} #${p + 1}: plain ${fmt(result.plain.ms)} ms, ` +
              `Prometheus ${fmt(result.prometheus.ms)} ms (${result.prometheus.encoding}), ` +
              `exposition alone ${fmt(result.body.ms)} ms`,
          );
        }
      }
      for (const impl of IMPLS) {
        const list = runs.get(impl)!;
        const first = list[0]!;
        rows.push({
          kind,
          series: size.series,
          impl,
          plainMs: spread(list.map((r) => r.plain.ms)),
          prometheusMs: spread(list.map((r) => r.prometheus.ms)),
          plainBlockMs: spread(list.map((r) => r.plain.blockMs)),
          prometheusBlockMs: spread(list.map((r) => r.prometheus.blockMs)),
          plainGcPauseMs: spread(list.map((r) => r.plain.gcPauseMs)),
          plainGcPauseKinds: list.map((r) => r.plain.gcPauseKind),
          plainBytes: first.plain.wireBytes,
          plainGzipBytes: first.plainGzipBytes,
          prometheusWireBytes: first.prometheus.wireBytes,
          prometheusEncoding: first.prometheus.encoding,
          prometheusContentType: first.prometheus.contentType,
          samples: first.samples,
          bodyMs: spread(list.map((r) => r.body.ms)),
          bodyBlockMs: spread(list.map((r) => r.body.blockMs)),
          bodyBytes: first.body.bytes,
          ...(first.body.allPointsMs === undefined
            ? {}
            : { bodyAllPointsMs: spread(list.map((r) => r.body.allPointsMs!)) }),
        });
      }
    }
  }
  return rows;
}

/** Section 3: retained heap per series (fresh process with --expose-gc per measurement). */
export async function runHeap(sizes: Sizes): Promise<HeapRow[]> {
  const rows: HeapRow[] = [];
  for (const size of sizes.heap) {
    for (const kind of KINDS) {
      const values = new Map<string, number[]>(IMPLS.map((i) => [i, []]));
      const processes = kind === 'histogram' ? size.histogramProcesses : size.processes;
      for (let p = 0; p < processes; p++) {
        for (const impl of IMPLS) {
          const args: HeapArgs = { impl, kind, series: size.series };
          const result = await runCase<HeapResult>('heap', args, {
            nodeArgs: ['--expose-gc'],
            timeoutMs: 300_000,
          });
          values.get(impl)!.push(result.bytesPerSeries);
          log(
            `heap ${kind} ${size.series} ${impl} #${p + 1}: ${fmt(result.bytesPerSeries)} B/series`,
          );
        }
      }
      for (const impl of IMPLS) {
        rows.push({ kind, series: size.series, impl, bytesPerSeries: spread(values.get(impl)!) });
      }
    }
  }
  return rows;
}
