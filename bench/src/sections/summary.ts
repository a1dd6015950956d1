import {
  SUMMARY_DATASETS,
  SUMMARY_IMPLS,
  type SummaryArgs,
  type SummaryResult,
} from '../case-types.js';
import type { SummaryRow } from '../results.js';
import { runCase } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { log } from './log.js';

/**
 * Section 11: Meterline's summary against exact quantiles and prom-client's Summary on the same
 * values (uniform, log-normal, bimodal), and its recording cost against prom-client's Summary and
 * Meterline's own histogram. Implementations interleave within a round; each round draws new
 * values (another seed), the same for every implementation.
 */
export async function runSummary(sizes: Sizes): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = [];
  for (const values of sizes.summary.values) {
    for (const dataset of SUMMARY_DATASETS) {
      const results = new Map<string, SummaryResult[]>();
      for (let p = 0; p < sizes.summary.processes; p++) {
        for (const impl of SUMMARY_IMPLS) {
          const args: SummaryArgs = { impl, dataset, values, seed: 1000 + p };
          const result = await runCase<SummaryResult>('summary', args, { timeoutMs: 600_000 });
          results.set(impl, [...(results.get(impl) ?? []), result]);
          log(`summary ${dataset} ${values} ${impl} #${p + 1}: ${fmt(result.nsPerObservation)} ns`);
        }
      }
      for (const [impl, list] of results) {
        rows.push({
          impl,
          dataset,
          values,
          ns: spread(list.map((r) => r.nsPerObservation)),
          accuracy: (list[0]?.accuracy ?? []).map((a, i) => ({
            quantile: a.quantile,
            allowed: a.allowed,
            rankError: spread(list.map((r) => r.accuracy[i]!.rankError)),
            valueError: spread(list.map((r) => r.accuracy[i]!.valueError)),
          })),
        });
      }
    }
  }
  return rows;
}
