import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_TYPES } from '../../packages/exporter-prometheus/src/exposition/negotiate.js';
import { startDemo, type RunningDemo } from '../support/demo.js';
import {
  DEFAULT_SCRAPE_ACCEPT,
  PROMETHEUS_VERSIONS,
  promtoolOf,
  startPrometheus,
  type PrometheusVersion,
  type TestPrometheus,
} from '../support/prometheus.js';
import { pollUntil } from '../support/poll.js';
import { startScrapeRecorder, type ScrapeRecorder } from '../support/scrape-recorder.js';
import { createTestPki, type TestPki } from '../support/tls.js';

// A real Prometheus, 2.53 and then 3.5, scrapes the storage agent's endpoint over TLS with basic
// auth, with compression on (Prometheus' default): directly with its default scrape protocols,
// through a recording proxy once per scrape protocol setting (its default, OpenMetrics 1.0.0 only,
// Prometheus text 0.0.4 only) to show the `Accept` header it sends and the `Content-Type` Meterline
// answers, plus a job with a wrong password.
const MESSAGES = 12;

/** The `Accept` header each Prometheus version sends, per `scrape_protocols` setting. */
const ACCEPT: Record<PrometheusVersion, Record<RecordedJob, string>> = {
  // 2.53: q-values from 0.5 down; no escaping parameter; no text 1.0.0 in the default.
  '2.53': {
    default: DEFAULT_SCRAPE_ACCEPT['2.53'],
    openmetrics: 'application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.4',
    text: 'text/plain;version=0.0.4;q=0.5,*/*;q=0.4',
  },
  // 3.5: q-values from 0.6 down; `escaping=allow-utf-8` (UTF-8 names welcome) on OpenMetrics 1.0.0
  // and Prometheus text 1.0.0, which its default now lists before text 0.0.4.
  '3.5': {
    default: DEFAULT_SCRAPE_ACCEPT['3.5'],
    openmetrics: 'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,*/*;q=0.5',
    text: 'text/plain;version=0.0.4;q=0.6,*/*;q=0.5',
  },
};
/** What Meterline answers to each: the same for both versions. */
const CONTENT_TYPE: Record<RecordedJob, string> = {
  default: CONTENT_TYPES.openmetrics,
  openmetrics: CONTENT_TYPES.openmetrics,
  text: CONTENT_TYPES.text,
};
type RecordedJob = 'default' | 'openmetrics' | 'text';
const PROTOCOLS: Record<RecordedJob, Record<string, unknown>> = {
  default: {},
  openmetrics: { scrape_protocols: ['OpenMetricsText1.0.0'] },
  text: { scrape_protocols: ['PrometheusText0.0.4'] },
};
const GOOD_JOBS = ['direct', 'default', 'openmetrics', 'text'];

let pki: TestPki;
let dir: string;
let webConfigFile: string;
let agent: RunningDemo;
/** Each version's Prometheus and its recorders, one per {@link RecordedJob}. */
const running = new Map<
  PrometheusVersion,
  { prometheus: TestPrometheus; recorders: Map<RecordedJob, ScrapeRecorder> }
>();

async function startScraping(version: PrometheusVersion): Promise<void> {
  const url = agent.metrics.get('storage-agent')!;
  const tls = { tls_config: { ca_file: pki.caCert } };
  const auth = { basic_auth: { username: 'prometheus', password: 'scrape-pw' } };
  const recorders = new Map<RecordedJob, ScrapeRecorder>();
  const recorderTls = { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert };
  for (const job of Object.keys(PROTOCOLS) as RecordedJob[]) {
    recorders.set(job, await startScrapeRecorder(url, recorderTls));
  }
  const prometheus = await startPrometheus(
    [
      { job: 'direct', url, extra: { ...tls, ...auth } },
      ...(Object.entries(PROTOCOLS) as [RecordedJob, Record<string, unknown>][]).map(
        ([job, protocols]) => ({
          job,
          url: recorders.get(job)!.url,
          extra: { ...tls, ...auth, ...protocols },
        }),
      ),
      {
        job: 'wrong-password',
        url,
        extra: { ...tls, basic_auth: { username: 'prometheus', password: 'nope' } },
      },
    ],
    { version },
  );
  running.set(version, { prometheus, recorders });
}

describe('Prometheus endpoint over TLS with basic auth, scraped by a real Prometheus', () => {
  beforeAll(async () => {
    pki = createTestPki();
    dir = mkdtempSync(join(tmpdir(), 'meterline-endpoint-'));
    webConfigFile = join(dir, 'web-config.yml');
    writeFileSync(
      webConfigFile,
      [
        'tls_server_config:',
        `  cert_file: ${pki.serverCert}`,
        `  key_file: ${pki.serverKey}`,
        'basic_auth_users:',
        `  prometheus: '${bcrypt.hashSync('scrape-pw', 10)}'`,
        '',
      ].join('\n'),
    );
    const configFile = join(dir, 'meterline.yaml');
    writeFileSync(
      configFile,
      `exporters:\n  prometheus:\n    port: 0\n    webConfigFile: ${webConfigFile}\n    logRequests: true\n`,
    );
    agent = await startDemo(
      'demo-storage-agent',
      {
        METERLINE_CONFIG_FILE: configFile,
        AGENT_API_PORT: '0',
        AGENT_WORKLOAD: 'off',
        DEMO_WORKLOAD: 'off',
      },
      /storage-agent api: (\S+)\/messages/,
    );
    const api = agent.child.stdout().match(/storage-agent api: (\S+)\/messages/)![1]!;
    for (let i = 0; i < MESSAGES; i++) {
      const response = await fetch(`${api}/messages`, {
        method: 'POST',
        body: JSON.stringify({ op: 'put', key: `k${i}`, value: 'v' }),
      });
      expect(response.status).toBe(200);
    }
    // Both versions scrape the same agent at the same time, so they see the same series.
    await Promise.all(PROMETHEUS_VERSIONS.map(startScraping));
  });

  afterAll(async () => {
    for (const { prometheus, recorders } of running.values()) {
      await prometheus.stop();
      for (const recorder of recorders.values()) await recorder.stop();
    }
    await agent?.child.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('serves https on loopback', () => {
    expect(agent.metrics.get('storage-agent')).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });

  describe.each(PROMETHEUS_VERSIONS)('scraped by a real Prometheus %s', (version) => {
    const prometheus = () => running.get(version)!.prometheus;
    const recorders = () => running.get(version)!.recorders;

    it('uses a web config that its promtool check web-config accepts', () => {
      const result = spawnSync(promtoolOf(version), ['check', 'web-config', webConfigFile], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      expect(result.stdout + result.stderr).toContain('SUCCESS');
    });

    it('is scraped in every format, and the recorded values come back from PromQL', async () => {
      const samples = await prometheus().queryUntil(
        'messages_received_total',
        (s) => s.length === GOOD_JOBS.length,
      );
      expect(Object.fromEntries(samples.map((s) => [s.metric.job, s.value]))).toEqual(
        Object.fromEntries(GOOD_JOBS.map((job) => [job, MESSAGES])),
      );
      const puts = await prometheus().query(
        'storage_operations_total{operation="put",backend="local",job="openmetrics"}',
      );
      expect(puts.map((s) => s.value)).toEqual([MESSAGES]);
      const counts = await prometheus().query('message_processing_duration_seconds_count');
      expect(counts.map((s) => s.value)).toEqual(GOOD_JOBS.map(() => MESSAGES));
    });

    it('sends its Accept header per scrape protocol setting; Meterline answers each', async () => {
      await prometheus().queryUntil('up{job!="wrong-password"} == 1', (s) => s.length === 4);
      const seen = Object.fromEntries(
        [...recorders()].map(([job, recorder]) => {
          const fromPrometheus = recorder.scrapes.filter((s) =>
            s.userAgent.startsWith(`Prometheus/${version}`),
          );
          return [job, [...new Set(fromPrometheus.map((s) => `${s.status} ${s.accept}`))]];
        }),
      );
      expect(seen).toEqual(
        Object.fromEntries(
          Object.entries(ACCEPT[version]).map(([job, accept]) => [job, [`200 ${accept}`]]),
        ),
      );
      const answered = Object.fromEntries(
        [...recorders()].map(([job, recorder]) => [
          job,
          [...new Set(recorder.scrapes.map((s) => s.contentType))],
        ]),
      );
      expect(answered).toEqual(
        Object.fromEntries(Object.entries(CONTENT_TYPE).map(([job, type]) => [job, [type]])),
      );
    });

    it('marks the job with a wrong password down (401, then 429 once it keeps failing)', async () => {
      const up = await prometheus().queryUntil('up', (s) => s.length === GOOD_JOBS.length + 1);
      expect(Object.fromEntries(up.map((s) => [s.metric.job, s.value]))).toEqual({
        ...Object.fromEntries(GOOD_JOBS.map((job) => [job, 1])),
        'wrong-password': 0,
      });
      const target = (await prometheus().targets()).find((t) => t.labels.job === 'wrong-password');
      // 401 until the source has spent its burst of failed logins (10, then 1/s), 429 after: this
      // Prometheus retries faster than the limiter refills.
      expect(target?.lastError).toMatch(/401 Unauthorized|429 Too Many Requests/);
    });

    it('reports no scrape problem, and scrapes as many samples per format', async () => {
      await prometheus().waitForScrapeAfter('text', Date.now());
      expect(await prometheus().scrapeProblems(['wrong-password'])).toEqual([]);
      // The jobs scrape at different moments while the service still grows series (a new GC
      // kind, say), so one snapshot can differ; each format must settle on the same count.
      const samples = await prometheus().queryUntil(
        'scrape_samples_scraped{job=~"default|direct|openmetrics"}',
        (s) => s.length === 3 && new Set(s.map((x) => x.value)).size === 1,
      );
      const scraped = Object.fromEntries(samples.map((s) => [s.metric.job, s.value]));
      expect(scraped.default).toBeGreaterThan(0);
      expect(scraped.direct).toBe(scraped.default);
      expect(scraped.openmetrics).toBe(scraped.default);
    });

    it('answers Prometheus with gzip', () => {
      const lines = agent.child
        .stderr()
        .split('\n')
        .filter((l) => l.includes('"GET /metrics" 200'));
      const fromPrometheus = lines.filter((l) => l.includes(`"Prometheus/${version}`));
      expect(fromPrometheus.length).toBeGreaterThanOrEqual(GOOD_JOBS.length);
      for (const line of fromPrometheus) expect(line).toContain(' 200 gzip ');
    });
  });

  it('scrapes the same number of samples in either version', async () => {
    // The two servers scrape at different moments while the service still grows series (a new GC
    // kind adds a histogram), so one pair of readings can differ; they must settle on one count.
    const since = Date.now();
    await Promise.all(
      PROMETHEUS_VERSIONS.map((v) =>
        running.get(v)!.prometheus.waitForScrapeAfter('default', since),
      ),
    );
    const counts = await pollUntil(
      async () => {
        const values = await Promise.all(
          PROMETHEUS_VERSIONS.map(async (v) => {
            const [sample] = await running
              .get(v)!
              .prometheus.query('scrape_samples_scraped{job="default"}');
            return sample?.value;
          }),
        );
        if (values.every((v) => v !== undefined && v > 0 && v === values[0])) return values;
        throw new Error(`samples per version ${JSON.stringify(values)}`);
      },
      { what: 'both Prometheus versions to scrape the same number of samples', intervalMs: 500 },
    );
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeGreaterThan(100);
  });
});
