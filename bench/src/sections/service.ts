import {
  SERVICE_VARIANTS,
  type LoadRun,
  type LoadgenArgs,
  type LoadgenResult,
} from '../case-types.js';
import type { ServiceRow } from '../results.js';
import { runCase, startService } from '../run-child.js';
import type { Sizes } from '../sizes.js';
import { fmt, spread } from '../stats.js';
import { log } from './log.js';

/**
 * Section 4: the same `node:http` service with no metrics, Meterline, prom-client and the stock
 * OTel stack, each in a fresh process under a loopback autocannon load (saturation, then a fixed
 * rate), variants interleaved so machine noise hits them alike.
 */
export async function runService(sizes: Sizes): Promise<ServiceRow[]> {
  const s = sizes.service;
  const runs = new Map<string, LoadgenResult[]>(SERVICE_VARIANTS.map((v) => [v, []]));
  for (let p = 0; p < s.processes; p++) {
    for (const variant of SERVICE_VARIANTS) {
      const service = await startService('service', { variant });
      try {
        const args: LoadgenArgs = {
          url: service.url,
          warmupSeconds: s.warmupSeconds,
          seconds: s.seconds,
          connections: s.connections,
          pipelining: s.pipelining,
          fixedRate: s.fixedRate,
          fixedConnections: s.fixedConnections,
          ...(s.amount !== undefined ? { amount: s.amount } : {}),
        };
        const result = await runCase<LoadgenResult>('loadgen', args, { timeoutMs: 120_000 });
        if (variant !== 'none' && result.recorded !== result.served) {
          throw new Error(
            `service ${variant}: served ${result.served} requests, its metrics counted ${result.recorded}`,
          );
        }
        runs.get(variant)!.push(result);
        log(
          `service ${variant} #${p + 1}: ${fmt(result.saturation.throughput)} req/s saturated, ` +
            `${fmt(result.saturation.cpuMicrosPerRequest)} µs CPU/req; at ${s.fixedRate}/s ` +
            `${fmt(result.fixed.cpuPercent)} % CPU`,
        );
      } finally {
        await service.stop();
      }
    }
  }
  const rows: ServiceRow[] = [];
  for (const mode of ['saturation', 'fixed'] as const) {
    for (const variant of SERVICE_VARIANTS) {
      const list = runs.get(variant)!.map((r) => r[mode]);
      const pick = (key: keyof LoadRun) => spread(list.map((r) => r[key]));
      rows.push({
        variant,
        mode,
        throughput: pick('throughput'),
        cpuMicrosPerRequest: pick('cpuMicrosPerRequest'),
        cpuPercent: pick('cpuPercent'),
        latencyP99Ms: pick('latencyP99Ms'),
      });
    }
  }
  return rows;
}
