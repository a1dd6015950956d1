import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startChild, type Child } from '../support/child.js';
import { pollUntil } from '../support/poll.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';
import { repoRoot } from '../support/real-parts.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// examples/cluster/service.mjs, run for real: 4 node:cluster worker processes (or 4 worker
// threads) serving a loopback load, one endpoint on the primary scraped by a real Prometheus, one
// OTLP push from the primary to a real VictoriaMetrics. Totals must equal exactly what the load
// sent, before and after a worker is killed and replaced, and never go down.

const EXAMPLE = join(repoRoot, 'examples', 'cluster', 'service.mjs');
const ROUTES = ['a', 'b', 'c'];

let vm: TestVictoriaMetrics;
let service: Child | undefined;
let prometheus: TestPrometheus | undefined;

beforeAll(async () => {
  vm = await startVictoriaMetrics();
});
afterEach(async () => {
  await prometheus?.stop();
  prometheus = undefined;
  await service?.stop('SIGTERM', 20_000);
  service = undefined;
});
afterAll(async () => {
  await vm?.remove();
});

/** GET on a fresh connection (so node:cluster spreads them over the workers); the body. */
function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends `count` requests, `concurrency` at a time, route by index; counts who served them. */
async function load(
  base: string,
  count: number,
  sent: Map<string, number>,
  served: Map<string, number>,
) {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const route = ROUTES[next++ % ROUTES.length]!;
      const who = await get(`${base}/work?route=${route}`);
      sent.set(route, (sent.get(route) ?? 0) + 1);
      served.set(who, (served.get(who) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
}

/** Polls both stores until each route's total equals what was sent, and returns. */
async function expectTotals(svc: string, sent: Map<string, number>) {
  const expected = Object.fromEntries(sent);
  const byRoute = (samples: { metric: Record<string, string>; value: number }[]) =>
    Object.fromEntries(samples.map((s) => [s.metric.route, s.value]));
  const same = (samples: { metric: Record<string, string>; value: number }[]) =>
    Object.keys(expected).every((r) => byRoute(samples)[r] === expected[r]) &&
    samples.length === Object.keys(expected).length;
  const fromPrometheus = await prometheus!.queryUntil(
    'sum by (route) (example_requests_total)',
    same,
  );
  expect(byRoute(fromPrometheus)).toEqual(expected);
  const fromVm = await vm.queryUntil(`sum by (route) (example_requests_total{${svc}})`, same);
  expect(byRoute(fromVm)).toEqual(expected);
  const total = [...sent.values()].reduce((a, b) => a + b, 0);
  const counts = await prometheus!.queryUntil(
    'sum(example_request_duration_seconds_count)',
    (s) => s[0]?.value === total,
  );
  expect(counts[0]!.value).toBe(total);
}

/** No counter series went down, in either store, over the whole run. */
async function expectNoResets(svc: string) {
  const fromPrometheus = await prometheus!.query('sum(resets(example_requests_total[10m]))');
  expect(fromPrometheus.map((s) => s.value)).toEqual([0]);
  const fromVm = await vm.query(`sum(resets(example_requests_total{${svc}}[10m]))`);
  expect(fromVm.map((s) => s.value)).toEqual([0]);
}

type Mode = 'cluster' | 'threads' | 'mix';

async function startService(mode: Mode, name: string) {
  const child = startChild(
    process.execPath,
    mode === 'threads' ? [EXAMPLE, '--threads'] : [EXAMPLE],
    {
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: name,
        OTEL_EXPORTER_PROMETHEUS_PORT: '0',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
        OTEL_METRIC_EXPORT_INTERVAL: '500',
        WORKERS: '4',
        COLLECT_TIMEOUT_MS: '1000',
        // The mix: each of the 4 worker processes serves on 2 worker threads of its own.
        THREADS_PER_WORKER: mode === 'mix' ? '2' : '0',
      },
    },
  );
  service = child;
  const ready = mode === 'threads' ? /thread \d+ ready/g : /worker \d+ pid \d+ ready/g;
  await pollUntil(() => ((child.stdout().match(ready)?.length ?? 0) >= 4 ? true : undefined), {
    what: `4 ${mode} workers ready`,
  });
  if (mode === 'mix') {
    await pollUntil(
      () => ((child.stdout().match(/thread \d+ ready/g)?.length ?? 0) >= 8 ? true : undefined),
      { what: 'the 8 threads of the mix ready' },
    );
  }
  const base = (await child.waitForOutput(/^service: (http\S+)$/m))[1]!;
  const metrics = (await child.waitForOutput(/prometheus metrics: (http\S+)/))[1]!;
  prometheus = await startPrometheus([{ job: name, url: metrics }]);
  await prometheus.waitForTargetsUp();
  return { child, base, metrics };
}

describe.each(['cluster', 'threads', 'mix'] as const)('one endpoint for 4 %s workers', (mode) => {
  it('serves exact totals to Prometheus and VictoriaMetrics, through a worker killed and replaced', async () => {
    const name = `cluster-e2e-${mode}`;
    const svc = `service_name="${name}"`;
    const { child, base } = await startService(mode, name);
    const sent = new Map<string, number>();
    const served = new Map<string, number>();

    await load(base, 600, sent, served);
    // The load reached every worker, so the kill below takes a share of the totals with it.
    expect(served.size).toBe(mode === 'mix' ? 8 : 4);
    await expectTotals(svc, sent);

    // Everything the victim recorded is in the primary (Prometheus saw the totals): kill it.
    if (mode !== 'threads') {
      // A worker process (in the mix, with its two threads).
      const victim = [...served].sort((a, b) => b[1] - a[1])[0]![0];
      const pid = Number(/^pid-(\d+)/.exec(victim)![1]);
      expect(served.get(victim)).toBeGreaterThan(0);
      process.kill(pid, 'SIGKILL');
      await child.waitForOutput(/exited \(SIGKILL\); forking a replacement/);
      await pollUntil(
        () =>
          (child.stdout().match(/worker \d+ pid \d+ ready/g)?.length ?? 0) >= 5 ? true : undefined,
        { what: 'the replacement worker ready' },
      );
      if (mode === 'mix') {
        await pollUntil(
          () => ((child.stdout().match(/thread \d+ ready/g)?.length ?? 0) >= 10 ? true : undefined),
          { what: "the replacement worker's threads ready" },
        );
      }
    } else {
      child.process.kill('SIGUSR2');
      await child.waitForOutput(/terminated; starting a replacement/);
      await pollUntil(
        () => ((child.stdout().match(/thread \d+ ready/g)?.length ?? 0) >= 5 ? true : undefined),
        { what: 'the replacement thread ready' },
      );
    }
    await prometheus!.queryUntil('meterline_cluster_workers', (s) => s[0]?.value === 4);
    // Still exact after the kill (the dead worker's share stays in the primary's sums).
    await expectTotals(svc, sent);

    const servedAfter = new Map<string, number>();
    await load(base, 600, sent, servedAfter);
    // The replacement took part in the load.
    expect([...servedAfter.keys()].filter((w) => !served.has(w))).toHaveLength(
      mode === 'mix' ? 2 : 1,
    );
    await expectTotals(svc, sent);
    await expectNoResets(svc);
    expect(await prometheus!.scrapeProblems()).toEqual([]);
    // On a loaded machine a worker may miss a collection's timeout (the kill races one, too):
    // each miss is logged, and its data joins a later collection, as the exact totals above show.
    // Nothing was ever refused by the merge.
    expect(child.stderr()).not.toMatch(
      /unreadable delta|different instrument types|bucket boundaries|expected DELTA/,
    );
  });
});

describe('a worker that does not answer', () => {
  it('makes the scrape fail as partial, with a log line and a self-metric, never silently', async () => {
    const name = 'cluster-e2e-stalled';
    const { child, base, metrics } = await startService('cluster', name);
    const sent = new Map<string, number>();
    const served = new Map<string, number>();
    await load(base, 200, sent, served);
    await expectTotals(`service_name="${name}"`, sent);
    await prometheus!.stop();
    prometheus = undefined;

    const pid = Number([...served.keys()][0]!.replace('pid-', ''));
    process.kill(pid, 'SIGSTOP');
    try {
      const response = await fetch(metrics);
      // The endpoint's default error policy (`http-error`): the scrape fails rather than lies.
      expect(response.status).toBe(500);
      await child.waitForOutput(
        /cluster collection is partial: cluster-\d+ did not answer within 1000 ms/,
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // Once it answers again, the totals are whole and the miss is counted.
    const text = await pollUntil(
      async () => {
        const response = await fetch(metrics);
        return response.status === 200 ? response.text() : undefined;
      },
      { what: 'a whole scrape after the worker resumed' },
    );
    expect(text).toMatch(/^meterline_cluster_collect_timeouts_total\{[^}]*\} [1-9]/m);
    const total = [...sent.values()].reduce((a, b) => a + b, 0);
    const served200 = [...text.matchAll(/^example_requests_total\{[^}]*\} (\d+)$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(served200.reduce((a, b) => a + b, 0)).toBe(total);
  });
});
