// Section 8 of docs/performance.md: a service's own latency under a storm on its scrape path.
import { table } from './markdown.js';
import type { StormRow, SuiteResults } from './results.js';
import { fmt, fmtRatio, fmtSpread } from './stats.js';

const STORM_LABEL: Record<StormRow['storm'], string> = {
  scrape: 'scrape storm',
  'bad-auth': 'wrong basic-auth credentials',
};
const SERVER_LABEL: Record<StormRow['server'], string> = {
  meterline: 'Meterline',
  bare: 'bare `node:http` (static body)',
};

/** How much more Meterline's storm ratio is than the bare server's, per storm (ratio of medians). */
export function stormCost(rows: readonly StormRow[], storm: StormRow['storm']): number | undefined {
  const meterline = rows.find((r) => r.storm === storm && r.server === 'meterline');
  const bare = rows.find((r) => r.storm === storm && r.server === 'bare');
  if (!meterline || !bare) return undefined;
  return meterline.ratio.median / bare.ratio.median;
}

/** The section, or '' when the run did not include it. */
export function renderStorm(r: SuiteResults): string {
  if (!r.storm) return '';
  const rows = r.storm.map((x) => [
    `${STORM_LABEL[x.storm]} (${x.connections} connections)`,
    SERVER_LABEL[x.server],
    fmtSpread(x.p99WithoutMs),
    fmtSpread(x.p99WithMs),
    fmtSpread(x.ratio),
    fmtSpread(x.answeredWith),
  ]);
  const verdicts = (['scrape', 'bad-auth'] as const).flatMap((storm) => {
    const cost = stormCost(r.storm!, storm);
    return cost === undefined
      ? []
      : [
          `- ${STORM_LABEL[storm]}: the service's p99 grows ${fmtRatio(cost)} as much with Meterline on the scrape path as with the bare server (target: at most about 2×).`,
        ];
  });
  return `## 8. Scrape storm

A service's own request latency while its scrape path is stormed (\`bench/src/sections/storm.ts\`):
one process serves its own \`node:http\` route (\`ok\`) on one port and the scrape path on another,
either Meterline's standalone server (${fmt(r.storm[0]?.connections ?? 0)}-connection storms on a
counter of many series; with basic auth for the credentials flood) or a bare \`node:http\` server
answering a static body of as many lines. A load generator (autocannon, its own process) requests the
service route at a fixed rate, first alone, then while a storm process keeps every one of its
connections busy (the next request as soon as an answer is read). p99 in ms, median (min–max) over
fresh processes; the ratio is stormed / alone per repetition. A probe request unanswered within 2 s
counts as failed; when more than 1 % fail, or fewer than half of the requests the rate asks for are
answered (a starved service), the p99 shown is that 2 s timeout, a lower bound.

${table(
  [
    'storm',
    'scrape path',
    'p99 alone ms',
    'p99 stormed ms',
    'stormed / alone',
    'probe answered stormed',
  ],
  rows,
)}

${verdicts.join('\n')}
`;
}
