// Sections 2 and 3 of docs/performance.md: scrape and retained heap, rendered from the results.
import { seriesLabel, table } from './markdown.js';
import type { SuiteResults } from './results.js';
import type { HeapRow, ScrapeRow } from './results.js';
import { fmt, fmtBytes, fmtRatio, fmtSpread, ratio } from './stats.js';
import { IMPL_LABEL, IMPLS, type Impl } from './workload.js';

const label = (impl: string) => IMPL_LABEL[impl as Impl] ?? impl;

/** Section 2: scrape time, loop blocks and bytes, with Meterline's ratios to its peers. */
export function renderScrape(r: SuiteResults): string {
  if (!r.scrape) return '';
  const parts: string[] = [];
  for (const kind of ['counter', 'histogram'] as const) {
    const rows = r.scrape
      .filter((row) => row.kind === kind)
      .map((row) => [
        seriesLabel(row.series),
        label(row.impl),
        fmtSpread(row.prometheusMs),
        fmtSpread(row.plainMs),
        fmtSpread(row.prometheusBlockMs),
        fmtSpread(row.plainBlockMs),
        `${fmtBytes(row.prometheusWireBytes)} (${row.prometheusEncoding}, ${row.prometheusContentType.split(';')[0]})`,
        fmtBytes(row.plainBytes),
        fmtBytes(row.plainGzipBytes),
      ]);
    parts.push(`### ${kind === 'counter' ? 'Counters' : 'Histograms (12 buckets)'}

${table(
  [
    'series',
    'implementation',
    'Prometheus request ms',
    'plain request ms',
    'longest loop block ms (Prometheus request)',
    'longest loop block ms (plain request)',
    'bytes on the wire (Prometheus request)',
    'plain bytes',
    'plain gzipped',
  ],
  rows,
)}`);
  }
  const ratios = r.scrape
    .filter((row) => row.impl === 'meterline')
    .map((m) => {
      const peer = (impl: string) =>
        r.scrape!.find((x) => x.kind === m.kind && x.series === m.series && x.impl === impl)!;
      const p = peer('prom-client');
      const o = peer('otel');
      return [
        `${m.kind} ${seriesLabel(m.series)}`,
        fmtRatio(ratio(m.prometheusMs, p.prometheusMs)),
        fmtRatio(ratio(m.prometheusMs, o.prometheusMs)),
        fmtRatio(ratio(m.prometheusBlockMs, p.prometheusBlockMs)),
        fmtRatio(ratio(m.prometheusBlockMs, o.prometheusBlockMs)),
      ];
    });
  const exposition = renderExposition(r.scrape);
  const collections = renderCollections(r.scrape);
  return `## 2. Scrape: collect + serialize + send

Each implementation holds N series (3 labels each, spread over 10 metrics) and is scraped over a real
loopback HTTP request to a \`node:http\` server on a free port. Meterline is measured only through
the public handler of \`createPrometheusReader()\`, so whatever it negotiates is what is measured. The
"Prometheus request" sends what Prometheus 2.x sends (\`Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1\`,
\`Accept-Encoding: gzip\`); the "plain request" asks for \`text/plain\` without compression. prom-client
(\`register.metrics()\`) and the stock OTel serializer (\`exporter.collect()\` + \`PrometheusSerializer\`) have
no compression of their own; they get \`zlib.gzip\` when the request accepts it, as a service would add it.
Time is to the last byte at the client; the longest loop block is the longest gap between two turns of
the server's event loop during the scrape (a \`setImmediate\` chain, µs resolution). The HTTP client
runs in a process of its own, as Prometheus does: the body is received, held, decoded and counted
there. (An earlier version of this suite ran the client in the server's process, so receiving and holding a
182 MiB body, and the garbage collections that caused, counted as the server's loop blocks:
\`inProcessClient: true\` in the case's arguments still measures that way, for comparison.)
${r.scrape.some((x) => x.series >= 100_000) ? "At 100k series each process times its first scrape of each kind (one takes seconds) after the 100k series were recorded into a running service (one that already held 1k other series and answered a scrape of each kind, so its code is warm): the plain request is the first (each implementation's first collection of the new series builds its state for them: cumulative state, label caches), the Prometheus request the second. The 1k warm-up series are in both bodies." : ''}

${parts.join('\n\n')}
${collections}
### Ratios (Prometheus request, medians)

${table(
  [
    'case',
    'time: Meterline / prom-client',
    'time: Meterline / stock OTel',
    'block: Meterline / prom-client',
    'block: Meterline / stock OTel',
  ],
  ratios,
)}

${exposition}`;
}

/** The exposition alone: body production in process, per kind and size, with ratios. */
function renderExposition(scrape: readonly ScrapeRow[]): string {
  const rows = scrape
    .filter((row) => row.impl === 'meterline')
    .map((m) => {
      const peer = (impl: string) =>
        scrape.find((x) => x.kind === m.kind && x.series === m.series && x.impl === impl)!;
      const p = peer('prom-client');
      const o = peer('otel');
      return [
        `${m.kind} ${seriesLabel(m.series)}`,
        fmtSpread(m.bodyMs),
        fmtSpread(p.bodyMs),
        fmtSpread(o.bodyMs),
        fmtRatio(ratio(p.bodyMs, m.bodyMs)),
        fmtRatio(ratio(o.bodyMs, m.bodyMs)),
        `${fmt(m.bodyBlockMs.median)} / ${fmt(p.bodyBlockMs.median)} / ${fmt(o.bodyBlockMs.median)}`,
        `${fmtBytes(m.bodyBytes)} / ${fmtBytes(p.bodyBytes)} / ${fmtBytes(o.bodyBytes)}`,
        m.bodyAllPointsMs ? fmtSpread(m.bodyAllPointsMs) : '–',
        m.bodyAllPointsMs ? fmtRatio(ratio(p.bodyMs, m.bodyAllPointsMs)) : '–',
      ];
    });
  return `### Exposition alone (in process, text 0.0.4)

The body each implementation produces from the same recorded state, timed in the same processes after
their scrapes, with no HTTP and no compression: Meterline \`reader.collectWithin(ms, { deferPoints: true })\` + \`serialize()\`,
as its scrape handler does (each point built as it is written; UTF-8 chunks as the socket takes them; the peers return strings that still need encoding), prom-client \`register.metrics()\`, stock OTel \`exporter.collect()\` +
\`PrometheusSerializer.serialize()\`. The last two columns time, right after, Meterline's same body from a
collection without \`deferPoints\`, which builds every point with its attribute set at once, as a consumer of
the standard \`MetricData\` (the OTLP and file exporters) gets it: a series of the usual attribute shape keeps
only its key, and such a collection builds its set anew. (Until 2 December 2026 this table's Meterline column
was that collection, which the handler also made until 1 December 2026.) This is the comparison the exporter's targets are set on
(at least 1.5× faster than prom-client and 5× faster than the stock serializer on histograms); the
scrape tables above add the socket, the client in the same process and gzip, which cost every
implementation about the same and so shrink the ratios at 1k series.

${table(
  [
    'case',
    'Meterline ms',
    'prom-client ms',
    'stock OTel ms',
    'faster than prom-client',
    'faster than stock',
    'longest block ms (M / p / s)',
    'bytes (M / p / s)',
    'Meterline, every point built, ms',
    'every point built: faster than prom-client',
  ],
  rows,
)}
`;
}

/** Section 3: retained heap per series. */
export function renderHeap(r: SuiteResults): string {
  if (!r.heap) return '';
  const rows = r.heap
    .filter((row) => row.impl === 'meterline')
    .map((m) => {
      const peer = (impl: string) =>
        r.heap!.find((x) => x.kind === m.kind && x.series === m.series && x.impl === impl)!
          .bytesPerSeries;
      return [
        `${m.kind} ${seriesLabel(m.series)}`,
        ...IMPLS.map((impl) => fmtSpread(peer(impl))),
        fmtRatio(ratio(peer('meterline'), peer('prom-client'))),
        fmtRatio(ratio(peer('meterline'), peer('otel'))),
      ];
    });
  return `## 3. Retained heap per series

The heap an implementation keeps for each series it holds, measured as the increment between two
sizes in one process (\`bench/src/cases/heap.ts\`, \`--expose-gc\`). The baseline is the heap used
after full GCs in a service already holding N series of other metrics, recorded and scraped once;
then N more series are recorded and scraped once (the steady state of a scraped service, collection
state included), that scrape's connection is closed, and the heap growth after full GCs is divided
by N. Whatever an implementation allocates once and not per series (code optimised for large
scrapes, tables and buffers sized by the first big scrape) is in the baseline; the two sets of series
have different attribute values, so no string is shared between them. (Until December 2026 the
baseline held one series, and what was allocated once after it counted as per-series memory: for
Meterline's counters about 15 B per series at 100k and 30 B at 10k.) Bytes per series:

${table(
  ['case', ...IMPLS.map((i) => label(i)), 'Meterline / prom-client', 'Meterline / stock OTel'],
  rows,
)}
${cacheNote(r.heap)}`;
}

/** What the Meterline figures are made of. */
function cacheNote(heap: readonly HeapRow[]): string {
  if (!heap.some((row) => row.impl === 'meterline')) return '';
  return `
Meterline here is its engine (\`@meterline/engine\`) with its Prometheus reader, as
\`startTelemetry()\` wires them. Per series it keeps one object (the accumulation and the series'
fields), the series index's flat key (the attribute values joined) and its map entry; the attribute
set is built from the key when a collection reads it (a set of another shape than the instrument's
usual one is kept as a frozen copy instead). The exposition keeps nothing per series (label blocks
are built at each scrape from label names worked out once per attribute shape).
`;
}

/**
 * How much of the first scrape's block after the largest size was a garbage collection: V8's
 * pauses during the plain request, beside its longest loop block. Empty for results without them.
 */
function renderCollections(scrape: readonly ScrapeRow[]): string {
  const largest = Math.max(...scrape.map((row) => row.series));
  const rows = scrape
    .filter((row) => row.series === largest && row.plainGcPauseMs !== undefined)
    .map((row) => [
      row.kind,
      label(row.impl),
      fmtSpread(row.plainBlockMs),
      fmtSpread(row.plainGcPauseMs!),
      (row.plainGcPauseKinds ?? []).map((k) => k || 'none').join(', '),
    ]);
  if (rows.length === 0) return '';
  return `
### The first scrape after ${seriesLabel(largest)} new series, and garbage collection

The plain request's longest loop block beside the longest pause of V8's garbage collector during
that request (its \`gc\` performance entries, \`bench/src/gc-probe.ts\`), per process: \`major\` is a
mark-compact, \`minor\` a scavenge. A pause that lands in the scrape is part of the block the loop
probe sees; where it lands depends on when the collection that recording the new series started
reaches its final pause. Issue 13's target (at most 20 ms) is the block, pause included.

${table(
  [
    'kind',
    'implementation',
    'longest loop block ms',
    'longest GC pause ms',
    'kind of that pause, per process',
  ],
  rows,
)}
`;
}
