import { seriesLabel, table } from './markdown.js';
import type { SuiteResults } from './results.js';
import { fmtBytes, fmtRatio, fmtSpread, ratio } from './stats.js';
import { IMPL_LABEL, type Impl } from './workload.js';

const FORMAT_LABEL: Record<string, string> = {
  protobuf: 'protobuf (native histograms)',
  openmetrics: 'OpenMetrics 1.0',
  text: 'text 0.0.4',
};

/** Section 9: the protobuf exposition next to the text formats, and the peers' text. */
export function renderNative(r: SuiteResults): string {
  if (!r.native || r.native.length === 0) return '';
  const base = r.native.find((x) => x.impl === 'meterline' && x.format === 'text');
  const series = r.native[0]!.series;
  const rows = r.native.map((x) => [
    IMPL_LABEL[x.impl as Impl] ?? x.impl,
    FORMAT_LABEL[x.format] ?? x.format,
    x.workload,
    fmtSpread(x.ms),
    fmtSpread(x.blockMs),
    fmtBytes(x.wireBytes),
    fmtBytes(x.rawBytes),
    base ? fmtRatio(ratio(x.ms, base.ms)) : '',
  ]);
  return `## 9. Native histograms: protobuf beside the text formats

${seriesLabel(series)} histogram series (10 instruments, 3 attributes, 8 observations each over 0.2 ms … 20 s),
scraped over loopback HTTP with gzip as Prometheus asks, one fresh process per implementation and
round. Meterline aggregates them as base-2 exponential histograms and serves each format its
\`Accept\` selects: protobuf carries them as native histograms (schema, spans, deltas), the text formats
as classic buckets at fixed bounds (schema 3). prom-client and the stock OpenTelemetry exporter have
neither protobuf nor exponential histograms (the stock one drops them): their rows are their nearest
equivalent, classic histograms with the 12 \`latency\` buckets, in text. Times are to the last byte
(collect + serialize + gzip + send); "vs" is against Meterline's text 0.0.4.

${table(
  [
    'implementation',
    'format',
    'histograms',
    'scrape ms',
    'longest loop block ms',
    'on the wire (gzip)',
    'body',
    'vs Meterline text',
  ],
  rows,
)}
`;
}
