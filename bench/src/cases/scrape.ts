// Child: scrape duration, bytes and longest event-loop block for one implementation holding
// `series` series, through a real loopback HTTP request, once plain and once as Prometheus asks.
// The HTTP client runs in a process of its own (as Prometheus does): receiving and holding a
// 182 MiB body is the scraper's work, and its garbage collections must not count as the server's.
import { Agent } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { ScrapeArgs, ScrapeResult, ScrapeVariantResult } from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';
import { countSamples } from '../exposition.js';
import { PLAIN_HEADERS, PROMETHEUS_SCRAPE_HEADERS, timedGet } from '../http-get.js';
import { startGcProbe } from '../gc-probe.js';
import { startLoopProbe } from '../loop-probe.js';
import { startScrapeClient, type ScrapeClientResponse } from '../scrape-client.js';
import { startScrapeTarget } from '../scrape-targets.js';
import { median } from '../stats.js';

/** Series held (and scraped) before the measured ones. */
const WARM_SERIES = 1000;
const PREFIX = 'bench_series_';

runChild(async () => {
  const args = readArgs<ScrapeArgs>();
  const target = await startScrapeTarget(args.impl, args.series);
  // `inProcessClient` (a diagnosis, not the suite's method): the client in the server's process.
  const client = args.inProcessClient ? inProcessClient() : startScrapeClient();

  const scrape = async (headers: Record<string, string>, gzipSize = false) => {
    const gc = startGcProbe();
    const probe = startLoopProbe();
    const response = await client.get({ url: target.url, headers, samplePrefix: PREFIX, gzipSize });
    const blockMs = probe.stop();
    const gcPause = await gc.stop();
    if (response.status !== 200) throw new Error(`scrape answered ${response.status}`);
    // The body is read after the measurement (in the client's process, or here as before).
    const { samples, gzipBytes } = await response.decoded;
    return { response, blockMs, gcPause, samples, gzipBytes };
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

  const first = await scrape(PLAIN_HEADERS, true);
  const samples = first.samples;
  if (samples < args.series) {
    throw new Error(`expected at least ${args.series} samples, the scrape had ${samples}`);
  }
  const promFirst = await scrape(PROMETHEUS_SCRAPE_HEADERS);
  if (promFirst.samples < args.series) {
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
    gcPauseMs: median(list.map((r) => r.gcPause.ms)),
    gcPauseKind: list[0]!.gcPause.kind,
    wireBytes: list[0]!.response.wireBytes,
    encoding: list[0]!.response.encoding,
    contentType: list[0]!.response.contentType,
  });
  // The exposition alone, after the scrapes (so its code paths are as warm as theirs).
  if (args.bodies < 1) throw new Error(`bodies must be at least 1, got ${args.bodies}`);
  const bodies: { ms: number; blockMs: number; bytes: number; allPointsMs?: number }[] = [];
  for (let i = 0; i < args.bodies; i++) {
    const probe = startLoopProbe();
    const started = performance.now();
    const produced = await target.body();
    const ms = performance.now() - started;
    const blockMs = probe.stop();
    const body = typeof produced === 'string' ? produced : Buffer.concat(produced).toString();
    if (countSamples(body, PREFIX) < args.series) {
      throw new Error(`the in-process exposition had fewer than ${args.series} samples`);
    }
    let allPointsMs: number | undefined;
    if (target.allPointsBody) {
      const started = performance.now();
      const chunks = await target.allPointsBody();
      allPointsMs = performance.now() - started;
      if (countSamples(Buffer.concat(chunks).toString(), PREFIX) < args.series) {
        throw new Error(`the every-point exposition had fewer than ${args.series} samples`);
      }
    }
    bodies.push({ ms, blockMs, bytes: Buffer.byteLength(body), allPointsMs });
  }
  const result: ScrapeResult = {
    plain: summarise(runs.plain),
    prometheus: summarise(runs.prometheus),
    samples,
    plainGzipBytes: first.gzipBytes,
    body: {
      ms: median(bodies.map((b) => b.ms)),
      blockMs: median(bodies.map((b) => b.blockMs)),
      bytes: bodies[0]!.bytes,
      ...(bodies[0]!.allPointsMs === undefined
        ? {}
        : { allPointsMs: median(bodies.map((b) => b.allPointsMs!)) }),
    },
  };
  await client.close();
  await target.close();
  emitResult(result);
});

/** The client in this process, as the suite had it before (for comparison runs only). */
function inProcessClient() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    async get(request: {
      url: string;
      headers: Record<string, string>;
      samplePrefix: string;
      gzipSize: boolean;
    }): Promise<ScrapeClientResponse> {
      const response = await timedGet(request.url, request.headers, agent);
      return {
        status: response.status,
        contentType: response.contentType,
        encoding: response.encoding,
        wireBytes: response.wireBytes,
        ms: response.ms,
        // Decoded when awaited, after the probe stopped, as the suite did before.
        get decoded() {
          const body = response.body();
          return Promise.resolve({
            samples: countSamples(body, request.samplePrefix),
            gzipBytes: request.gzipSize ? gzipSync(body).length : 0,
          });
        },
      };
    },
    close() {
      agent.destroy();
      return Promise.resolve();
    },
  };
}
