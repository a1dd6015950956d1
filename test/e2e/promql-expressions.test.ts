import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  dashboardExpressions,
  ruleExpressions,
  ruleFiles,
  shapeOf,
  type ShippedExpression,
} from '../deploy/promql-sources.js';
import { startChild, type Child } from '../support/child.js';
import { pollUntil } from '../support/poll.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type PrometheusVersion,
  type ScrapeJob,
  type TestPrometheus,
} from '../support/prometheus.js';
import { repoRoot } from '../support/real-parts.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

/*
 * Every PromQL expression Meterline ships (deploy/prometheus/rules, deploy/grafana/dashboards) runs
 * against a real Prometheus 2.53 and a real Prometheus 3.5 that both scrape the running demo fleet,
 * with the shipped rule files loaded (so recorded series exist) and the scrape limits of
 * deploy/prometheus/prometheus.yml.
 *
 * The rule, per kind of expression:
 * - every expression must parse and evaluate (Prometheus answers it without error);
 * - recording rules, dashboard panels and dashboard variables (`label_values(<selector>, label)`
 *   runs as `<selector>`) must return a non-empty result: a panel with no data is a broken panel;
 * - an alert condition is empty when all is well, so instead: each vector selector in it must
 *   return data on its own (a typo in a metric or label name cannot hide), and when the condition
 *   is `<signal> <comparison> <number>`, the signal without its threshold must return data too
 *   (the arithmetic around the selectors matches). Selectors that only exist once something has
 *   failed are listed in FAILURE_ONLY_SELECTORS with the reason; for them (and a signal built on
 *   them) only "parses and evaluates" is required.
 *
 * To give the failure-path expressions data, the test produces those failures for real: it pushes
 * OTLP to a real VictoriaMetrics and then stops it (export failures); it runs the fleet with a
 * cardinality limit of OVERFLOW_LIMIT (a Meterline config file) and submits jobs for new tenants
 * until the job server's per-tenant counters overflow; and it gives the file system's master a
 * 4-entry metadata cache (DFS_CACHE_ENTRIES; its workload keeps about 12 files) so it evicts.
 *
 * Why a low limit rather than 2,001 tenants at the default 2,000: the OpenTelemetry JS SDK applies
 * the limit to the attribute sets recorded between two collections, and this Prometheus collects
 * every second (and the OTLP reader too), so new tenants trickling in never overflow; a burst of
 * several times the limit within one interval does.
 */

/** Alert selectors that exist only after a failure this test cannot cause, and why. */
const FAILURE_ONLY_SELECTORS: Readonly<Record<string, string>> = {
  'meterline_prometheus_scrapes_total{code=~"5.."}':
    'a 5xx scrape needs a failing or hanging collection in a demo',
  meterline_otlp_points_rejected_total:
    'created at the first OTLP partial-success rejection; VictoriaMetrics accepts every point',
};

/** Rules on the vmagent tier, judged on parsing and evaluating only (see `judge`). */
const AGENT_RULES = 'rules/agent.rules.yml:';

const OVERFLOW_LIMIT = 100;
/** New tenants per burst, and bursts at most, until an overflow series shows up. */
const OVERFLOW_BURST = 4 * OVERFLOW_LIMIT;
const OVERFLOW_BURSTS = 5;
const prometheusYml = join(repoRoot, 'deploy', 'prometheus', 'prometheus.yml');

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  sample_limit?: number;
  body_size_limit?: string;
  label_limit?: number;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}
const scrapeConfigs = (
  parse(readFileSync(prometheusYml, 'utf8')) as { scrape_configs: ScrapeConfig[] }
).scrape_configs;

let fleet: Child[] = [];
let configDir: string | undefined;
let vm: TestVictoriaMetrics | undefined;
/** Both versions; 2.53 also paces the failure phases of the setup. */
const prometheusOf = new Map<PrometheusVersion, TestPrometheus>();
let prometheus: TestPrometheus | undefined;
let endpoints: Map<string, string>;

/** `<service> metrics: <url>` lines printed so far by the fleet. */
function printedEndpoints(): Map<string, string> {
  const found = new Map<string, string>();
  for (const child of fleet) {
    for (const m of child.stdout().matchAll(/^(\S+) metrics: (http\S+)$/gm))
      found.set(m[1]!, m[2]!);
  }
  return found;
}

/** The scrape job a printed service belongs to: its own name, or `<job>-<component>[-N]`. */
function jobOf(service: string): { job: ScrapeConfig; component?: string } | undefined {
  const exact = scrapeConfigs.find((c) => c.job_name === service);
  if (exact) return { job: exact };
  const prefixed = scrapeConfigs.find((c) => service.startsWith(`${c.job_name}-`));
  if (!prefixed) return undefined;
  return {
    job: prefixed,
    component: service.slice(prefixed.job_name.length + 1).replace(/-\d+$/, ''),
  };
}

const targetCount = (c: ScrapeConfig) => c.static_configs.reduce((n, s) => n + s.targets.length, 0);

async function startFleet(env: Record<string, string>): Promise<void> {
  const options = { env: { ...process.env, ...env } };
  const fleetEntry = join(repoRoot, 'packages', 'demo-fleet', 'dist', 'main.js');
  if (existsSync(fleetEntry)) {
    fleet = [startChild(process.execPath, [fleetEntry], options)];
  } else {
    // The demos one by one, while the fleet launcher is not built.
    fleet = ['demo-storage-agent', 'demo-job-server', 'demo-replicator', 'demo-dfs']
      .map((pkg) => join(repoRoot, 'packages', pkg, 'dist', 'main.js'))
      .filter((entry) => existsSync(entry))
      .map((entry) => startChild(process.execPath, [entry], options));
  }
  // Every scrape job of prometheus.yml needs as many endpoints as it has targets.
  const exited = await pollUntil(
    () => {
      const gone = fleet.find((child) => child.process.exitCode !== null);
      if (gone) return gone;
      const printed = [...printedEndpoints().keys()];
      const missing = scrapeConfigs.filter(
        (c) => printed.filter((s) => jobOf(s)?.job === c).length < targetCount(c),
      );
      if (missing.length === 0) return null;
      throw new Error(
        `waiting for endpoints of ${missing.map((c) => c.job_name).join(', ')}; printed: ${printed.join(', ')}`,
      );
    },
    { what: 'the demo fleet endpoints', timeoutMs: 90_000, intervalMs: 200 },
  );
  if (exited) {
    throw new Error(
      `${exited.process.spawnargs.join(' ')} exited (${exited.process.exitCode}):\n${exited.stdout()}${exited.stderr()}`,
    );
  }
}

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Outcome of one expression: undefined when it passes, else why not. */
async function judge(
  prometheus: TestPrometheus,
  e: ShippedExpression,
): Promise<{ final: boolean; why: string } | undefined> {
  let result;
  try {
    result = await prometheus.query(e.expr);
  } catch (error) {
    return { final: true, why: `does not evaluate: ${(error as Error).message}` };
  }
  if (e.kind !== 'alert') return result.length > 0 ? undefined : { final: false, why: 'no data' };
  // vmagent's own metrics: no vmagent runs here; test/e2e/topology.test.ts reads every selector
  // of these alerts from a real one.
  if (e.source.startsWith(AGENT_RULES)) return undefined;
  const shape = shapeOf(e.expr);
  const empty: string[] = [];
  for (const selector of shape.selectors) {
    if (selector in FAILURE_ONLY_SELECTORS) continue;
    if ((await prometheus.query(selector)).length === 0) empty.push(selector);
  }
  if (empty.length > 0) return { final: false, why: `selectors with no data: ${empty.join(', ')}` };
  const exempt = shape.selectors.some((s) => s in FAILURE_ONLY_SELECTORS);
  if (shape.signal && !exempt && (await prometheus.query(shape.signal)).length === 0) {
    return { final: false, why: `signal without its threshold has no data: ${shape.signal}` };
  }
  return undefined;
}

describe('every shipped PromQL expression against a real Prometheus scraping the demo fleet', () => {
  beforeAll(async () => {
    vm = await startVictoriaMetrics();
    configDir = mkdtempSync(join(tmpdir(), 'meterline-promql-'));
    const configFile = join(configDir, 'meterline.yaml');
    writeFileSync(configFile, `metrics:\n  cardinalityLimit: ${OVERFLOW_LIMIT}\n`);
    await startFleet({
      METERLINE_CONFIG_FILE: configFile,
      DFS_CACHE_ENTRIES: '4',
      DEMO_WORKLOAD: 'on',
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      AGENT_API_PORT: '0',
      JOB_SERVER_PORT: '0',
      JOB_SERVER_METRICS_PORT: '0',
      REPLICATOR_METRICS_PORT: '0',
      METRICS_MODULE_METRICS_PORT: '0',
      METRICS_MODULE_GRPC_PORT: '0',
      DFS_BASE_PORT: '0',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `${vm.url}/opentelemetry`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_METRIC_EXPORT_TIMEOUT: '1000',
    });
    endpoints = printedEndpoints();

    const jobs: ScrapeJob[] = [...endpoints].flatMap(([service, url]) => {
      const owner = jobOf(service);
      if (!owner) return [];
      const { job, component } = owner;
      return [
        {
          job: service,
          url,
          extra: {
            sample_limit: job.sample_limit,
            body_size_limit: job.body_size_limit,
            label_limit: job.label_limit,
            // Targets keep the job (and component) labels prometheus.yml gives them.
            relabel_configs: [
              { target_label: 'job', replacement: job.job_name },
              ...(component ? [{ target_label: 'component', replacement: component }] : []),
            ],
          },
        },
      ];
    });
    for (const version of PROMETHEUS_VERSIONS) {
      prometheusOf.set(version, await startPrometheus(jobs, { version, ruleFiles: ruleFiles() }));
    }
    prometheus = prometheusOf.get('2.53')!;
    for (const each of prometheusOf.values()) {
      await each.queryUntil('count(up == 1)', (s) => s[0]?.value === jobs.length, 60_000);
    }

    // Cardinality overflow, for real: bursts of new tenants, each several times the limit.
    // The job server's API (its workers'), apart from its metrics (the cluster primary's).
    const jobServer = new URL(
      fleet.map((c) => c.stdout().match(/^job-server api: (http\S+)$/m)?.[1]).find(Boolean)!,
    );
    let tenant = 0;
    for (let burst = 0; burst < OVERFLOW_BURSTS; burst++) {
      const statuses = await Promise.all(
        Array.from({ length: OVERFLOW_BURST }, () =>
          post(`${jobServer.origin}/api/v1/jobs`, {
            tenantId: `overflow-${tenant++}`,
            durationMs: 0,
          }),
        ),
      );
      expect(statuses.filter((s) => s >= 300)).toEqual([]);
      const overflow = await prometheus
        .queryUntil('{otel_metric_overflow="true",job="job-server"}', (s) => s.length > 0, 5_000)
        .catch(() => []);
      if (overflow.length > 0) break;
    }
    // No assertion here: the overflow expressions below report it if no burst overflowed.

    // OTLP export failures, for real: push until the receiver has data, then take it away.
    await prometheus.queryUntil(
      'sum(meterline_otlp_points_exported_total)',
      (s) => (s[0]?.value ?? 0) > 0,
      60_000,
    );
    await vm.stop();
    for (const each of prometheusOf.values()) {
      await each.queryUntil(
        'sum(meterline_otlp_exports_failed_total)',
        (s) => (s[0]?.value ?? 0) > 0,
        60_000,
      );
    }
  }, 300_000);

  afterAll(async () => {
    for (const each of prometheusOf.values()) await each.stop();
    await Promise.all(fleet.map((child) => child.stop('SIGTERM')));
    await vm?.remove();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('scrapes every target prometheus.yml names, at its metrics path', () => {
    for (const config of scrapeConfigs) {
      const urls = [...endpoints].filter(([service]) => jobOf(service)?.job === config);
      expect(urls.length, config.job_name).toBe(targetCount(config));
      for (const [, url] of urls) {
        expect(new URL(url).pathname, config.job_name).toBe(config.metrics_path ?? '/metrics');
      }
    }
  });

  it('finds the expressions: rules, panels and variables', () => {
    const all = [...ruleExpressions(), ...dashboardExpressions()];
    expect(all.filter((e) => e.kind === 'alert').length).toBe(21);
    expect(all.filter((e) => e.kind === 'panel').length).toBeGreaterThan(50);
  });

  it.each(PROMETHEUS_VERSIONS)(
    'Prometheus %s parses, evaluates and returns data for every one (alerts: per the rule above)',
    async (version) => {
      const prometheus = prometheusOf.get(version)!;
      let pending = [...ruleExpressions(), ...dashboardExpressions()];
      const failures = new Map<string, string>();
      // The workload fills every metric within a minute; expressions that do not parse fail at
      // once, the others get up to 150 s to find data.
      await pollUntil(
        async () => {
          const next: ShippedExpression[] = [];
          for (const e of pending) {
            const verdict = await judge(prometheus, e);
            if (!verdict) {
              failures.delete(e.source);
              continue;
            }
            failures.set(e.source, `${verdict.why}\n    ${e.expr}`);
            if (!verdict.final) next.push(e);
          }
          pending = next;
          if (pending.length === 0) return true;
          throw new Error(`${pending.length} expressions without data yet`);
        },
        { what: 'data for every expression', timeoutMs: 150_000, intervalMs: 1000 },
      ).catch(() => undefined); // the assertion below lists what is still failing, and why
      expect([...failures].map(([source, why]) => `${source}: ${why}`)).toEqual([]);
    },
    240_000,
  );
});
