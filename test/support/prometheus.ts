import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { pollUntil, queryUntil } from './poll.js';
import { instantQuery, type Sample } from './prom-query.js';
import { realPart, type RealPart } from './real-parts.js';

/** The Prometheus versions the end-to-end tests run against (`scripts/provision.sh` fetches both). */
export const PROMETHEUS_VERSIONS = ['2.53', '3.5'] as const;
export type PrometheusVersion = (typeof PROMETHEUS_VERSIONS)[number];

/**
 * The version tests use when they do not name one: `METERLINE_PROMETHEUS` (`2.53` or `3.5`), else
 * 2.53. Lets a test file that checks one version run against the other by hand.
 */
export const DEFAULT_PROMETHEUS_VERSION: PrometheusVersion = (() => {
  const wanted = process.env.METERLINE_PROMETHEUS ?? '2.53';
  if (!(PROMETHEUS_VERSIONS as readonly string[]).includes(wanted)) {
    throw new Error(
      `METERLINE_PROMETHEUS=${wanted}: expected one of ${PROMETHEUS_VERSIONS.join(', ')}`,
    );
  }
  return wanted as PrometheusVersion;
})();

/**
 * The `Accept` header each version sends on its scrapes by default (no `scrape_protocols`), as
 * test/e2e/prometheus-endpoint.test.ts records it.
 */
export const DEFAULT_SCRAPE_ACCEPT: Record<PrometheusVersion, string> = {
  '2.53':
    'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
  '3.5':
    'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
};

/**
 * The `le` label value a version stores for a bucket bound Meterline serves as `served`. 2.53 keeps
 * the value as served (`le="1"`); 3.x normalizes classic histogram `le` (and summary `quantile`)
 * values to float form on ingestion, in either text format, so `le="1"` is stored as `le="1.0"`.
 * (Right for the bounds the tests use; Go writes very large or small numbers with an exponent.)
 */
export function storedLe(version: PrometheusVersion, served: string): string {
  if (version === '2.53' || !/^-?\d+$/.test(served)) return served;
  return `${served}.0`;
}

const BINARY: Record<PrometheusVersion, RealPart> = { '2.53': 'prometheus', '3.5': 'prometheus3' };
const PROMTOOL: Record<PrometheusVersion, RealPart> = { '2.53': 'promtool', '3.5': 'promtool3' };

/** The provisioned promtool of a Prometheus version. */
export function promtoolOf(version: PrometheusVersion): string {
  return realPart(PROMTOOL[version]);
}

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  /** Which provisioned Prometheus runs. @default {@link DEFAULT_PROMETHEUS_VERSION} */
  readonly version?: PrometheusVersion;
  /** Scrape and rule evaluation interval. @default 1 */
  readonly scrapeIntervalSeconds?: number;
  /** Rule files to evaluate (absolute paths). @default [] */
  readonly ruleFiles?: readonly string[];
  /** Extra command-line flags (`--enable-feature=exemplar-storage`, say). @default [] */
  readonly flags?: readonly string[];
}

/** One active target as `/api/v1/targets` reports it. */
export interface ActiveTarget {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: string;
  readonly lastError: string;
}

/** One scrape job for the test Prometheus. */
export interface ScrapeJob {
  readonly job: string;
  /** Full URL of the metrics endpoint, e.g. `http://127.0.0.1:41234/metrics`. */
  readonly url: string;
  /** Extra keys merged into the scrape config as written (YAML-compatible JSON). */
  readonly extra?: Record<string, unknown>;
}

export type { Sample } from './prom-query.js';

/** A real Prometheus started for one test. */
export interface TestPrometheus {
  readonly url: string;
  readonly version: PrometheusVersion;
  /** Runs an instant PromQL query; rejects on a query error with Prometheus' message. */
  query(promql: string): Promise<Sample[]>;
  /** Polls `query` until `accept` says yes, returning the samples then. */
  queryUntil(
    promql: string,
    accept: (samples: Sample[]) => boolean,
    timeoutMs?: number,
  ): Promise<Sample[]>;
  /** Waits until every job's target reports health `up` with at least one scrape done. */
  waitForTargetsUp(timeoutMs?: number): Promise<void>;
  /**
   * Waits until Prometheus holds a scrape of `job` that started after `epochMs`, so every series
   * it stores reflects what the target recorded up to then (one scrape collects instrument by
   * instrument: a scrape running across `epochMs` may mix earlier and later values).
   */
  waitForScrapeAfter(job: string, epochMs: number, timeoutMs?: number): Promise<void>;
  /** The active targets, from `/api/v1/targets`. */
  targets(): Promise<ActiveTarget[]>;
  /**
   * What Prometheus reports as wrong with scraping: every warn/error line of its log about a scrape
   * (`scrape_pool=` or `target=` in it), and `<job>: <lastError>` for each active target with a
   * last error, except the jobs in `expectedToFail`.
   */
  scrapeProblems(expectedToFail?: readonly string[]): Promise<string[]>;
  /** Everything Prometheus logged so far. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts the provisioned Prometheus (`options.version`, else 2.53 or `METERLINE_PROMETHEUS`) on a free
 * loopback port (it binds port 0 and the test reads the bound address from its log), scraping
 * `jobs` every `scrapeIntervalSeconds` and evaluating `ruleFiles` at the same interval. Both
 * versions run with the same flags and configuration: Prometheus 3.5 needs no feature flag for
 * anything the tests use, and each version sends its own default `Accept` header unless a job sets
 * `scrape_protocols`.
 */
export async function startPrometheus(
  jobs: readonly ScrapeJob[],
  options: PrometheusOptions = {},
): Promise<TestPrometheus> {
  const {
    version = DEFAULT_PROMETHEUS_VERSION,
    scrapeIntervalSeconds = 1,
    ruleFiles = [],
  } = options;
  const dir = mkdtempSync(join(tmpdir(), 'meterline-prometheus-'));
  const config = {
    global: {
      scrape_interval: `${scrapeIntervalSeconds}s`,
      scrape_timeout: `${scrapeIntervalSeconds}s`,
      evaluation_interval: `${scrapeIntervalSeconds}s`,
    },
    rule_files: ruleFiles,
    scrape_configs: jobs.map((job) => {
      const target = new URL(job.url);
      return {
        job_name: job.job,
        metrics_path: target.pathname,
        scheme: target.protocol.replace(':', ''),
        static_configs: [{ targets: [target.host] }],
        ...job.extra,
      };
    }),
  };
  // JSON is YAML: no YAML writer needed for the config.
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
  const child: Child = startChild(realPart(BINARY[version]), [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    '--web.listen-address=127.0.0.1:0',
    '--log.level=info',
    ...(options.flags ?? []),
  ]);
  const cleanup = async () => {
    await child.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  let url: string;
  try {
    // 2.53: `msg="Listening on" address=…`; 3.5: `msg="Listening on" component=web address=…`.
    const match = await child.waitForOutput(/msg="Listening on"[^\n]*? address=(127\.0\.0\.1:\d+)/);
    url = `http://${match[1]}`;
    await pollUntil(async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), {
      what: 'Prometheus /-/ready',
    });
  } catch (error) {
    await cleanup();
    throw error;
  }

  const query = (promql: string): Promise<Sample[]> => instantQuery(url, promql);
  const queryUntilAccepted = (
    promql: string,
    accept: (samples: Sample[]) => boolean,
    timeoutMs?: number,
  ): Promise<Sample[]> => queryUntil(`PromQL ${promql}`, () => query(promql), accept, timeoutMs);

  const targets = async (): Promise<ActiveTarget[]> => {
    const response = await fetch(`${url}/api/v1/targets?state=active`);
    const body = (await response.json()) as { data: { activeTargets: ActiveTarget[] } };
    return body.data.activeTargets;
  };
  const log = () => child.stdout() + child.stderr();

  return {
    url,
    version,
    query,
    targets,
    log,
    async scrapeProblems(expectedToFail = []) {
      const logged = log()
        .split('\n')
        .filter((line) => /level=(warn|error)/i.test(line) && /scrape_pool=|target=/.test(line))
        .filter((line) => !expectedToFail.some((job) => line.includes(`scrape_pool=${job} `)));
      const failing = (await targets())
        .filter((t) => t.lastError !== '' && !expectedToFail.includes(t.labels.job!))
        .map((t) => `${t.labels.job}: ${t.lastError}`);
      return [...logged, ...failing];
    },
    queryUntil: queryUntilAccepted,
    async waitForScrapeAfter(job, epochMs, timeoutMs) {
      // `up`'s sample is stamped with the scrape's start time.
      await queryUntilAccepted(
        `timestamp(up{job="${job}"})`,
        (s) => s.length === 1 && s[0]!.value * 1000 > epochMs,
        timeoutMs,
      );
    },
    async waitForTargetsUp(timeoutMs = 30_000) {
      await pollUntil(
        async () => {
          const active = await targets();
          const down = jobs.filter(
            (job) => !active.some((t) => t.labels.job === job.job && t.health === 'up'),
          );
          if (down.length === 0) return true;
          throw new Error(
            `not up: ${down.map((j) => j.job).join(', ')}; targets: ${JSON.stringify(active.map((t) => [t.labels.job, t.health, t.lastError]))}`,
          );
        },
        { what: 'every scrape target up', timeoutMs },
      );
    },
    stop: cleanup,
  };
}
