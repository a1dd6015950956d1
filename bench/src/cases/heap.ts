// Child (run with --expose-gc): retained heap per series, as the increment between two sizes. The
// baseline is a service already holding `series` series of other metrics, scraped once: whatever is
// allocated once, not per series (code optimised for large scrapes, buffers and tables sized on the
// first big scrape, modules loaded lazily), is in it. Then `series` more series are recorded and
// scraped once (the steady state of a scraped service: collection state included), and the growth
// after full GCs is divided by them. (Baselined on one series instead, a fixed lump of about 1 MB
// that lands after the baseline in one build and before it in another read as 10 B per series at
// 100k.)
import { Agent } from 'node:http';
import type { HeapArgs, HeapResult } from '../case-types.js';
import { emitResult, fullGc, readArgs, runChild } from '../child-io.js';
import { countSamples } from '../exposition.js';
import { PLAIN_HEADERS, timedGet } from '../http-get.js';
import { startScrapeTarget } from '../scrape-targets.js';

/**
 * Scrapes and counts the samples in a function of its own: once it returned, nothing of the body
 * (hundreds of MB at 100k histograms) can stay reachable from a suspended frame of the caller.
 */
async function scrapeAndCount(url: string, prefix: string): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  const response = await timedGet(url, PLAIN_HEADERS, agent);
  const samples = countSamples(response.body(), prefix);
  agent.destroy();
  return samples;
}

/** Lets sockets and responses of the last scrape close before the heap is measured. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

runChild(async () => {
  const args = readArgs<HeapArgs>();
  const target = await startScrapeTarget(args.impl, 2 * args.series);
  // As many series first, of other metrics and with other attribute values (equal strings could be
  // shared through V8's string table), so everything allocated once is in the baseline.
  target.populate(args.kind, args.series, 'warm_series_', args.series);
  const warmSamples = await scrapeAndCount(target.url, 'warm_series_');
  if (warmSamples < args.series) {
    throw new Error(
      `expected at least ${args.series} warm-up samples, the scrape had ${warmSamples}`,
    );
  }
  await settle();
  fullGc();
  const baselineBytes = process.memoryUsage().heapUsed;
  target.populate(args.kind, args.series);
  const samples = await scrapeAndCount(target.url, 'bench_series_');
  await settle();
  if (samples < args.series) {
    throw new Error(`expected at least ${args.series} samples, the scrape had ${samples}`);
  }
  fullGc();
  const retainedBytes = process.memoryUsage().heapUsed - baselineBytes;
  const result: HeapResult = {
    bytesPerSeries: retainedBytes / args.series,
    baselineBytes,
    retainedBytes,
    samples,
  };
  await target.close();
  emitResult(result);
});
