// Child (run with --expose-gc): retained heap per series. Baseline after the instruments exist and
// one scrape ran; then `series` series are recorded and scraped once (the steady state of a
// scraped service: collection state included), and the growth after full GCs is divided by them.
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
async function scrapeAndCount(url: string): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  const response = await timedGet(url, PLAIN_HEADERS, agent);
  const samples = countSamples(response.body(), 'bench_series_');
  agent.destroy();
  return samples;
}

/** Lets sockets and responses of the last scrape close before the heap is measured. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

runChild(async () => {
  const args = readArgs<HeapArgs>();
  const target = await startScrapeTarget(args.impl, args.series);
  // One series first, so instruments and the scrape path exist in the baseline.
  target.populate(args.kind, 1, 'warm_series_');
  await scrapeAndCount(target.url);
  await settle();
  fullGc();
  const baselineBytes = process.memoryUsage().heapUsed;
  target.populate(args.kind, args.series);
  const samples = await scrapeAndCount(target.url);
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
