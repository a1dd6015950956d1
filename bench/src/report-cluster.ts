// Section 10 of docs/performance.md: one endpoint for a node:cluster service.
import { table } from './markdown.js';
import type { SuiteResults } from './results.js';
import { fmt, fmtRatio, fmtSpread, ratio } from './stats.js';

const LABEL: Record<string, string> = {
  meterline: 'Meterline `startTelemetry({ cluster })`',
  'prom-client': 'prom-client `AggregatorRegistry`',
};

/** The section, or '' when the run did not include it. */
export function renderCluster(r: SuiteResults): string {
  if (!r.cluster) return '';
  const rows = r.cluster.map((x) => {
    const base = r.cluster!.find((b) => b.impl === 'prom-client' && b.changed === x.changed);
    return [
      `${fmt(x.changed * 100)} %`,
      LABEL[x.impl] ?? x.impl,
      fmtSpread(x.scrapeMs),
      base ? fmtRatio(ratio(x.scrapeMs, base.scrapeMs)) : '',
      fmtSpread(x.primaryCpuMs),
      base ? fmtRatio(ratio(x.primaryCpuMs, base.primaryCpuMs)) : '',
    ];
  });
  const first = r.cluster[0]!;
  return `## 10. Cluster aggregation

One \`node:cluster\` service (\`bench/src/cases/cluster.ts\`): ${first.workers} workers, each holding
the same ${fmt(first.series)} series of one counter, and the primary serving them merged on one
endpoint. Meterline's workers send the primary deltas (what changed since their last answer) and the
primary keeps cumulative sums; prom-client's workers send their whole registry as JSON
(\`getMetricsAsJSON\`) and the primary aggregates it afresh at each scrape. Before each timed scrape
every worker increments a share of the series (100 %: every series changed, the most a delta
carries); the scrape (plain text, loopback, client in the primary) is timed to its last byte, with
the primary's CPU time (user + system) over it, and its sum is checked against what the workers
recorded. Median (min–max) over fresh services of the per-service median of ${first.scrapes}
scrape(s).

${table(['series changed', 'primary', 'scrape ms', 'vs prom-client', 'primary CPU ms', 'vs prom-client'], rows)}
`;
}
