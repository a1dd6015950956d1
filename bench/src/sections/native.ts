import type { NativeArgs, NativeResult } from '../case-types.js';
import type { NativeRow } from '../results.js';
import { runCase } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { IMPLS } from '../workload.js';
import { log } from './log.js';

/**
 * Section 9: 10k histograms scraped as Prometheus asks (gzip), per implementation and format:
 * Meterline's exponential histograms over protobuf (native), OpenMetrics and text; the peers'
 * classic histograms in text, their nearest equivalent.
 */
export async function runNative(sizes: Sizes): Promise<NativeRow[]> {
  const { series, processes, scrapes } = sizes.native;
  const runs = new Map<string, NativeResult['formats'][number][]>();
  for (let p = 0; p < processes; p++) {
    for (const impl of IMPLS) {
      const args: NativeArgs = { impl, series, scrapes };
      const result = await runCase<NativeResult>('native', args, { timeoutMs: 300_000 });
      for (const f of result.formats) {
        const key = `${impl}/${f.format}`;
        runs.set(key, [...(runs.get(key) ?? []), f]);
        log(`native ${series} ${impl} ${f.format} #${p + 1}: ${fmt(f.ms)} ms, ${f.wireBytes} B gz`);
      }
    }
  }
  return [...runs].map(([key, list]) => {
    const [impl, format] = key.split('/') as [string, string];
    const first = list[0]!;
    return {
      impl,
      format,
      series,
      workload: impl === 'meterline' ? 'exponential' : 'classic, 12 buckets',
      ms: spread(list.map((r) => r.ms)),
      blockMs: spread(list.map((r) => r.blockMs)),
      wireBytes: first.wireBytes,
      rawBytes: first.rawBytes,
      contentType: first.contentType,
    };
  });
}
