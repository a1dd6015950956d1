import { table } from './markdown.js';
import type { SuiteResults, SummaryRow } from './results.js';
import { fmtRatio, fmtSpread, ratio, type Spread } from './stats.js';

/** A share as a percentage with two significant digits (`0.52 %`), `0` when exact. */
function pct(value: number): string {
  if (value === 0) return '0';
  return `${Number((value * 100).toPrecision(2))} %`;
}

/** `median (max)` of shares: the worst over the rounds matters for an error bound. */
function pctSpread(s: Spread): string {
  return s.n === 1 || s.max === s.median ? pct(s.median) : `${pct(s.median)} (max ${pct(s.max)})`;
}

function size(values: number): string {
  return values >= 1_000_000 ? `${values / 1_000_000}M` : `${values / 1000}k`;
}

/** Section 11: summary accuracy against exact quantiles and prom-client, and recording cost. */
export function renderSummary(r: SuiteResults): string {
  if (!r.summary || r.summary.length === 0) return '';
  const find = (impl: string, dataset: string, values: number): SummaryRow | undefined =>
    r.summary!.find((x) => x.impl === impl && x.dataset === dataset && x.values === values);
  const cases = [...new Map(r.summary.map((x) => [`${x.dataset}/${x.values}`, x])).values()];
  const accuracyRows: string[][] = [];
  const costRows: string[][] = [];
  for (const { dataset, values } of cases) {
    const ours = find('meterline-summary', dataset, values);
    const peer = find('prom-client-summary', dataset, values);
    const histogram = find('meterline-histogram', dataset, values);
    for (const [i, a] of (ours?.accuracy ?? []).entries()) {
      const p = peer?.accuracy[i];
      accuracyRows.push([
        dataset,
        size(values),
        `${a.quantile} (± ${pct(a.allowed)})`,
        pctSpread(a.rankError),
        p ? pctSpread(p.rankError) : '',
        pctSpread(a.valueError),
        p ? pctSpread(p.valueError) : '',
      ]);
    }
    if (ours && peer && histogram) {
      costRows.push([
        dataset,
        size(values),
        fmtSpread(ours.ns),
        fmtSpread(peer.ns),
        fmtSpread(histogram.ns),
        fmtRatio(ratio(peer.ns, ours.ns)),
        fmtRatio(ratio(ours.ns, histogram.ns)),
      ]);
    }
  }
  const processes = r.summary[0]!.ns.n;
  return `## 11. Summaries: accuracy and recording cost

The same values (one seed per round, ${processes} round${processes === 1 ? '' : 's'}, a fresh
process per implementation and round) recorded into Meterline's \`summary\` view of a histogram
(CKMS targeted quantiles, objectives 0.5 ± 5 %, 0.9 ± 1 %, 0.99 ± 0.1 % of rank, a 10-minute window
in 5 age buckets), prom-client 15's \`Summary\` (t-digest, the same percentiles and window) and, for
the cost, Meterline's default explicit-bucket histogram. Data sets: uniform on 1 … 1000, log-normal
(e^(3+N(0,1))), bimodal (70 % N(5, 1), 30 % N(200, 40)). Rank error: how far the estimate's rank is
from q·n, as a share of n (0 when its ranks include q·n); value error: |estimate − exact| / exact,
against the nearest-rank quantile of the data. Median over the rounds, the worst in brackets.

${table(
  [
    'data',
    'values',
    'quantile (allowed rank error)',
    'Meterline rank error',
    'prom-client rank error',
    'Meterline value error',
    'prom-client value error',
  ],
  accuracyRows,
)}

Recording cost, ns per observation through the instrument (one attribute set, after as many
warm-up values into another series, up to 100k), median (min–max) over the rounds:

${table(
  [
    'data',
    'values',
    'Meterline summary',
    'prom-client Summary',
    'Meterline histogram',
    'prom-client / Meterline summary',
    'Meterline summary / histogram',
  ],
  costRows,
)}
`;
}
