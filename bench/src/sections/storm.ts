import {
  STORM_SERVERS,
  STORMS,
  type LatencyProbeArgs,
  type LatencyProbeResult,
  type Storm,
  type StormServer,
  type StormServiceUrls,
} from '../case-types.js';
import type { StormRow } from '../results.js';
import { runCase, startService } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { log } from './log.js';

/** A probe request unanswered for this long counts as failed (and caps the p99 reported). */
const PROBE_TIMEOUT_SECONDS = 2;

interface Repetition {
  readonly without: number;
  readonly with: number;
  /** Probe requests answered under the storm. */
  readonly answered: number;
}

/** One repetition: a fresh service, its p99 alone, then under the storm. */
async function measure(sizes: Sizes['storm'], storm: Storm, server: StormServer) {
  const service = await startService('storm-service', {
    server,
    basicAuth: storm === 'bad-auth' && server === 'meterline',
    series: sizes.series,
  });
  try {
    const urls = JSON.parse(service.url) as StormServiceUrls;
    const probe: LatencyProbeArgs = {
      url: urls.service,
      rate: sizes.rate,
      connections: sizes.probeConnections,
      seconds: sizes.seconds,
      timeoutSeconds: PROBE_TIMEOUT_SECONDS,
    };
    const bound = { timeoutMs: (sizes.seconds + PROBE_TIMEOUT_SECONDS) * 1000 + 30_000 };
    const without = await runCase<LatencyProbeResult>('latency-probe', probe, bound);
    const clients = await startService('storm-clients', {
      url: urls.metrics,
      connections: storm === 'scrape' ? sizes.scrapeConnections : sizes.authConnections,
      ...(storm === 'bad-auth' ? { credentials: 'prometheus:wrong-password' } : {}),
    });
    try {
      const under = await runCase<LatencyProbeResult>('latency-probe', probe, bound);
      return { without: without.p99Ms, with: under.p99Ms, answered: under.answered };
    } finally {
      await clients.stop();
    }
  } finally {
    await service.stop();
  }
}

/**
 * Section 8: a service's own request latency (p99 of a `node:http` route in the same process, at
 * a fixed rate) alone and while its scrape path is stormed, with Meterline's server on that path
 * and with a bare `node:http` server answering a static body; storms and servers interleaved, each
 * repetition in fresh processes.
 */
export async function runStorm(sizes: Sizes): Promise<StormRow[]> {
  const s = sizes.storm;
  const runs = new Map<string, Repetition[]>();
  for (let p = 0; p < s.processes; p++) {
    for (const storm of STORMS) {
      for (const server of STORM_SERVERS) {
        const r = await measure(s, storm, server);
        const key = `${storm}/${server}`;
        runs.set(key, [...(runs.get(key) ?? []), r]);
        log(
          `storm ${key} #${p + 1}: p99 ${fmt(r.without)} ms alone, ${fmt(r.with)} ms stormed` +
            ` (${r.answered} probe requests answered)`,
        );
      }
    }
  }
  return STORMS.flatMap((storm) =>
    STORM_SERVERS.map((server): StormRow => {
      const list = runs.get(`${storm}/${server}`)!;
      return {
        storm,
        server,
        connections: storm === 'scrape' ? s.scrapeConnections : s.authConnections,
        p99WithoutMs: spread(list.map((r) => r.without)),
        p99WithMs: spread(list.map((r) => r.with)),
        ratio: spread(list.map((r) => r.with / r.without)),
        answeredWith: spread(list.map((r) => r.answered)),
      };
    }),
  );
}
