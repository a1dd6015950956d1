import { Agent } from 'node:http';
import { COLD_START_SERVICES, type OtlpArgs, type OtlpResult } from '../case-types.js';
import { PROMETHEUS_SCRAPE_HEADERS, timedGet } from '../http-get.js';
import type { ColdStartRow, OtlpRow } from '../results.js';
import { runCase, startService } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { log } from './log.js';

/** Section 5: OTLP serialization (protobuf, JSON) of 10k counter and histogram series. */
export async function runOtlp(sizes: Sizes): Promise<OtlpRow[]> {
  const rows: OtlpRow[] = [];
  for (const kind of ['counter', 'histogram'] as const) {
    const list: OtlpResult[] = [];
    for (let p = 0; p < sizes.otlp.processes; p++) {
      const args: OtlpArgs = { kind, series: sizes.otlp.series, repeats: sizes.otlp.repeats };
      const result = await runCase<OtlpResult>('otlp', args);
      list.push(result);
      log(
        `otlp ${kind} #${p + 1}: protobuf ${fmt(result.protobufMs)} ms, JSON ${fmt(result.jsonMs)} ms`,
      );
    }
    const pick = (key: keyof OtlpResult) => spread(list.map((r) => r[key]));
    const first = list[0]!;
    rows.push({
      kind,
      series: sizes.otlp.series,
      collectMs: pick('collectMs'),
      protobufMs: pick('protobufMs'),
      protobufBytes: first.protobufBytes,
      protobufGzipBytes: first.protobufGzipBytes,
      jsonMs: pick('jsonMs'),
      jsonBytes: first.jsonBytes,
      jsonGzipBytes: first.jsonGzipBytes,
      prometheusTextMs: pick('prometheusTextMs'),
      prometheusTextBytes: first.prometheusTextBytes,
    });
  }
  return rows;
}

/** Section 6: process spawn to the first answered scrape, per minimal service. */
export async function runColdStart(sizes: Sizes): Promise<ColdStartRow[]> {
  const values = new Map<string, { listening: number[]; scrape: number[] }>(
    COLD_START_SERVICES.map((s) => [s, { listening: [], scrape: [] }]),
  );
  for (let p = 0; p < sizes.coldStart.processes; p++) {
    for (const impl of COLD_START_SERVICES) {
      const service = await startService(`cold-start-${impl}`, {});
      try {
        const agent = new Agent({ keepAlive: false });
        const response = await timedGet(service.url, PROMETHEUS_SCRAPE_HEADERS, agent);
        const firstScrape = performance.now() - service.spawnedAt;
        if (response.status !== 200 || !response.body().includes('started')) {
          throw new Error(`cold start ${impl}: the first scrape answered ${response.status}`);
        }
        values.get(impl)!.listening.push(service.listeningMs);
        values.get(impl)!.scrape.push(firstScrape);
        log(`cold start ${impl} #${p + 1}: first scrape after ${fmt(firstScrape)} ms`);
      } finally {
        await service.stop();
      }
    }
  }
  return COLD_START_SERVICES.map((impl) => ({
    impl,
    listeningMs: spread(values.get(impl)!.listening),
    firstScrapeMs: spread(values.get(impl)!.scrape),
  }));
}
