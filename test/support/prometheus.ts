import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { pollUntil, queryUntil } from './poll.js';
import { instantQuery, type Sample } from './prom-query.js';
import { realPart } from './real-parts.js';

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
  stop(): Promise<void>;
}

/**
 * Starts the provisioned Prometheus 2.53 on a free loopback port (it binds port 0 and the test
 * reads the bound address from its log), scraping `jobs` every `scrapeIntervalSeconds` and
 * evaluating `ruleFiles` (absolute paths) at the same interval.
 */
export async function startPrometheus(
  jobs: readonly ScrapeJob[],
  scrapeIntervalSeconds = 1,
  ruleFiles: readonly string[] = [],
): Promise<TestPrometheus> {
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
  const child: Child = startChild(realPart('prometheus'), [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    '--web.listen-address=127.0.0.1:0',
    '--log.level=info',
  ]);
  const cleanup = async () => {
    await child.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  let url: string;
  try {
    const match = await child.waitForOutput(/msg="Listening on" address=(127\.0\.0\.1:\d+)/);
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

  return {
    url,
    query,
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
          const response = await fetch(`${url}/api/v1/targets?state=active`);
          const body = (await response.json()) as {
            data: {
              activeTargets: { labels: { job: string }; health: string; lastError: string }[];
            };
          };
          const targets = body.data.activeTargets;
          const down = jobs.filter(
            (job) => !targets.some((t) => t.labels.job === job.job && t.health === 'up'),
          );
          if (down.length === 0) return true;
          throw new Error(
            `not up: ${down.map((j) => j.job).join(', ')}; targets: ${JSON.stringify(targets.map((t) => [t.labels.job, t.health, t.lastError]))}`,
          );
        },
        { what: 'every scrape target up', timeoutMs },
      );
    },
    stop: cleanup,
  };
}
