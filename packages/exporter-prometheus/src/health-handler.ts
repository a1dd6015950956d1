import type { HealthRegistry } from '@meterline/plugin';
import type { MetricsHandler } from './scrape-handler.js';

/** Which probe a path answers. */
export type HealthProbe = 'live' | 'ready' | 'summary';

/**
 * Answers a health probe from `registry`:
 * - `live` (`/healthz`): 200 `ok` unless a liveness check is unhealthy (503);
 * - `ready` (`/readyz`): 200 `ok` unless a readiness check is unhealthy (503);
 * - `summary` (`/health`): the full JSON report, 200 when ready, 503 otherwise.
 * Checks run on every request, each bounded by its own timeout.
 */
export function createHealthHandler(registry: HealthRegistry, probe: HealthProbe): MetricsHandler {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.end();
      return;
    }
    void registry.run().then((report) => {
      res.setHeader('cache-control', 'no-store');
      if (probe === 'summary') {
        res.statusCode = report.ready ? 200 : 503;
        res.setHeader('content-type', 'application/json');
        res.end(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const ok = probe === 'live' ? report.live : report.ready;
      res.statusCode = ok ? 200 : 503;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      const failing = report.checks
        .filter((c) => c.status === 'unhealthy' && (probe === 'live' ? c.liveness : c.readiness))
        .map((c) => c.name);
      res.end(ok ? 'ok\n' : `unhealthy: ${failing.join(', ')}\n`);
    });
  };
}
