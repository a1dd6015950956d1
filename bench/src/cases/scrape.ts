// Child: scrape duration, bytes and longest event-loop block for one implementation holding
// `series` series, through a real loopback HTTP request, once plain and once as Prometheus asks.
import { Agent } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { ScrapeArgs, ScrapeResult, ScrapeVariantResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';
import { countSamples } from '../exposition.js';
import { PLAIN_HEADERS, PROMETHEUS_SCRAPE_HEADERS, timedGet } from '../http-get.js';
import { startLoopProbe } from '../loop-probe.js';
import { startScrapeTarget } from '../scrape-targets.js';
import { median } from '../stats.js';

/** Series held (and scraped) before the measured ones. */
const WARM_SERIES = 1000;

runChild(async () => {
  const args = readArgs<ScrapeArgs>();
  const target = await startScrapeTarget(args.impl, args.series);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  const scrape = async (headers: Record<string, string>) => {
    const probe = startLoopProbe();
    const response = await timedGet(target.url, headers, agent);
    const blockMs = probe.stop();
    if (response.status !== 200) throw new Error(`scrape answered ${response.status}`);
    return { response, blockMs };
  };

  // Where the first scrapes are the measured ones (scrapes = 0), a running service first: 1k other
  // series, scraped both ways, so the code paths are warm. The first scrapes below are then the
  // first after `args.series` new series, not the process's first.
  if (args.scrapes === 0) {
    target.populate(args.kind, WARM_SERIES, 'warm_series_');
    await scrape(PLAIN_HEADERS);
    await scrape(PROMETHEUS_SCRAPE_HEADERS);
  }
  target.populate(args.kind, args.series);

  const first = await scrape(PLAIN_HEADERS);
  const plainBody = first.response.body();
  const samples = countSamples(plainBody, 'bench_series_');
  if (samples < args.series) {
    throw new Error(`expected at least ${args.series} samples, the scrape had ${samples}`);
  }
  const promFirst = await scrape(PROMETHEUS_SCRAPE_HEADERS);
  if (countSamples(promFirst.response.body(), 'bench_series_') < args.series) {
    throw new Error('the Prometheus-style scrape lost series');
  }

  // With scrapes = 0 (the largest sizes, where one scrape takes seconds) the first scrapes count.
  const runs = { plain: [first], prometheus: [promFirst] };
  if (args.scrapes > 0) runs.plain.length = runs.prometheus.length = 0;
  for (let i = 0; i < args.scrapes; i++) {
    runs.plain.push(await scrape(PLAIN_HEADERS));
    runs.prometheus.push(await scrape(PROMETHEUS_SCRAPE_HEADERS));
  }
  const summarise = (list: (typeof first)[]): ScrapeVariantResult => ({
    ms: median(list.map((r) => r.response.ms)),
    blockMs: median(list.map((r) => r.blockMs)),
    wireBytes: list[0]!.response.wireBytes,
    encoding: list[0]!.response.encoding,
    contentType: list[0]!.response.contentType,
  });
  // The exposition alone, after the scrapes (so its code paths are as warm as theirs).
  if (args.bodies < 1) throw new Error(`bodies must be at least 1, got ${args.bodies}`);
  const bodies: { ms: number; blockMs: number; bytes: number }[] = [];
  for (let i = 0; i < args.bodies; i++) {
    const probe = startLoopProbe();
    const started = performance.now();
    const produced = await target.body();
    const ms = performance.now() - started;
    const blockMs = probe.stop();
    const body = typeof produced === 'string' ? produced : Buffer.concat(produced).toString();
    if (countSamples(body, 'bench_series_') < args.series) {
      throw new Error(`the in-process exposition had fewer than ${args.series} samples`);
    }
    bodies.push({ ms, blockMs, bytes: Buffer.byteLength(body) });
  }
  const result: ScrapeResult = {
    plain: summarise(runs.plain),
    prometheus: summarise(runs.prometheus),
    samples,
    plainGzipBytes: gzipSync(plainBody).length,
    body: {
      ms: median(bodies.map((b) => b.ms)),
      blockMs: median(bodies.map((b) => b.blockMs)),
      bytes: bodies[0]!.bytes,
    },
  };
  agent.destroy();
  await target.close();
  emitResult(result);
});
