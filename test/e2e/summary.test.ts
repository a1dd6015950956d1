import { SUMMARY_DATA_POINT_TYPE } from '@meterline/engine';
import type { TelemetryHandle } from '@meterline/sdk';
import { serialize } from '@meterline/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEndpoint } from '../support/endpoint.js';
import { goFloatStrings, openMetricsFamilies } from '../support/openmetrics-parser.js';
import { PROMETHEUS_VERSIONS, startPrometheus } from '../support/prometheus.js';
import { checkMetrics } from '../support/promtool.js';

// The summary aggregation (a configured view on a histogram) as third parties read it: promtool
// (2.53 and 3.5) on text 0.0.4, the strict OpenMetrics parser of the Python prometheus_client, and
// a real Prometheus of each version scraping the three formats (one job each) whose stored
// quantiles are queried back. The data set, 1..200 ms plus 1..2000 ms in another series, gives
// exact quantiles for the first (fewer values than the window's buffer: nearest rank) and
// quantiles within the objectives' rank error for the second (the CKMS sketch).

const OBJECTIVES = { '0.5': 0.05, '0.9': 0.01, '0.99': 0.001 };
const TEXT = 'text/plain; version=0.0.4';
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0';

let telemetry: TelemetryHandle;
let url: string;

beforeAll(async () => {
  ({ telemetry, url } = await startEndpoint({
    service: 'summary',
    views: [
      {
        instrument: 'rpc.latency',
        aggregation: { type: 'summary', objectives: OBJECTIVES, maxAgeSeconds: 600 },
      },
    ],
    prometheus: { baseUnits: true },
  }));
  const latency = telemetry.meterProvider
    .getMeter('rpc')
    .createHistogram('rpc.latency', { unit: 'ms', description: 'RPC latency' });
  for (let i = 1; i <= 200; i++) latency.record(i, { method: 'get' });
  for (let i = 1; i <= 2000; i++) latency.record(((i * 7919) % 2000) + 1, { method: 'put' });
});

afterAll(async () => {
  await telemetry?.shutdown();
});

async function scrape(accept: string): Promise<string> {
  const response = await fetch(url, { headers: { accept } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The `put` series' quantiles must be values of ranks within q·n ± error·n (values are ranks). */
function withinRankError(quantile: number, seconds: number): boolean {
  const rank = Math.round(seconds * 1000);
  const error = OBJECTIVES[String(quantile) as keyof typeof OBJECTIVES];
  return Math.abs(rank - quantile * 2000) <= error * 2000 + 1;
}

describe('the summary exposition judged by third parties', () => {
  it.each(['promtool', 'promtool3'] as const)(
    'passes %s check metrics (text 0.0.4)',
    async (tool) => {
      const body = await scrape(TEXT);
      expect(body).toContain('# TYPE rpc_latency_seconds summary\n');
      expect(body).toContain(
        'rpc_latency_seconds{method="get",otel_scope_name="rpc",quantile="0.5"} 0.1\n',
      );
      expect(checkMetrics(body, tool)).toEqual({ exitCode: 0, output: '' });
    },
  );

  it('is read by the strict OpenMetrics parser as a summary with exact values and _created', async () => {
    const families = openMetricsFamilies(await scrape(OPENMETRICS));
    const family = families.find((f) => f.name === 'rpc_latency_seconds')!;
    expect(family.type).toBe('summary');
    expect(family.unit).toBe('seconds');
    const get = family.samples.filter((s) => s.labels['method'] === 'get');
    expect(get.map((s) => [s.name, s.labels['quantile'] ?? '', s.value])).toEqual([
      ['rpc_latency_seconds', '0.5', 0.1],
      ['rpc_latency_seconds', '0.9', 0.18],
      ['rpc_latency_seconds', '0.99', 0.198],
      ['rpc_latency_seconds_sum', '', 20.1],
      ['rpc_latency_seconds_count', '', 200],
      ['rpc_latency_seconds_created', '', expect.any(Number)],
    ]);
    // The quantile label values are in the canonical form the Python client writes itself.
    expect(get.slice(0, 3).map((s) => s.labels['quantile'])).toEqual(
      goFloatStrings([0.5, 0.9, 0.99]),
    );
    const put = family.samples.filter((s) => s.labels['method'] === 'put' && s.labels['quantile']);
    for (const s of put)
      expect(withinRankError(Number(s.labels['quantile']), s.value as number)).toBe(true);
  });
});

describe('an idle summary (a window that holds nothing) judged by third parties', () => {
  // Ten minutes without a value leave the window empty: the quantiles are NaN, as client_golang
  // writes them; count and sum stay. The collection is built by hand (no ten-minute wait).
  async function body(format: 'text' | 'openmetrics'): Promise<string> {
    const point = {
      attributes: { method: 'get' },
      startTime: [1_700_000_000, 0] as [number, number],
      endTime: [1_700_000_600, 0] as [number, number],
      value: {
        count: 3,
        sum: 6,
        quantiles: [
          { quantile: 0.5, value: Number.NaN },
          { quantile: 0.99, value: Number.NaN },
        ],
      },
    };
    const metric = {
      descriptor: { name: 'idle.latency', description: '', unit: 's', valueType: 1 },
      aggregationTemporality: 1,
      dataPointType: SUMMARY_DATA_POINT_TYPE,
      dataPoints: [point],
    };
    let out = '';
    await serialize(
      {
        resource: resourceFromAttributes({}),
        scopeMetrics: [{ scope: { name: 'rpc' }, metrics: [metric as unknown as MetricData] }],
      },
      { format, targetInfo: false },
      (c) => void (out += c.toString('utf8')),
    );
    return out;
  }

  it('passes promtool with NaN quantiles', async () => {
    const text = await body('text');
    expect(text).toContain(
      'idle_latency_seconds{method="get",otel_scope_name="rpc",quantile="0.5"} NaN\n',
    );
    expect(checkMetrics(text)).toEqual({ exitCode: 0, output: '' });
    expect(checkMetrics(text, 'promtool3')).toEqual({ exitCode: 0, output: '' });
  });

  it('passes the strict OpenMetrics parser with NaN quantiles', async () => {
    const family = openMetricsFamilies(await body('openmetrics')).find(
      (f) => f.name === 'idle_latency_seconds',
    )!;
    expect(family.samples.map((s) => [s.name, s.labels['quantile'] ?? '', s.value])).toEqual([
      ['idle_latency_seconds', '0.5', 'NaN'],
      ['idle_latency_seconds', '0.99', 'NaN'],
      ['idle_latency_seconds_sum', '', 6],
      ['idle_latency_seconds_count', '', 3],
      ['idle_latency_seconds_created', '', 1_700_000_000],
    ]);
  });
});

describe.each(PROMETHEUS_VERSIONS)('a real Prometheus %s scraping summaries', (version) => {
  it('stores the quantiles, sum and count from text, OpenMetrics and protobuf alike', async () => {
    const prometheus = await startPrometheus(
      [
        { job: 'text', url, extra: { scrape_protocols: ['PrometheusText0.0.4'] } },
        { job: 'openmetrics', url, extra: { scrape_protocols: ['OpenMetricsText1.0.0'] } },
        { job: 'protobuf', url, extra: { scrape_protocols: ['PrometheusProto'] } },
      ],
      { version },
    );
    try {
      await prometheus.waitForTargetsUp();
      expect(await prometheus.scrapeProblems()).toEqual([]);
      for (const job of ['text', 'openmetrics', 'protobuf']) {
        const get = `{job="${job}",method="get"}`;
        const quantiles = await prometheus.query(`rpc_latency_seconds${get}`);
        expect(
          Object.fromEntries(quantiles.map((s) => [s.metric['quantile'], s.value])),
          job,
        ).toEqual({ '0.5': 0.1, '0.9': 0.18, '0.99': 0.198 });
        expect((await prometheus.query(`rpc_latency_seconds_sum${get}`))[0]?.value, job).toBe(20.1);
        expect((await prometheus.query(`rpc_latency_seconds_count${get}`))[0]?.value, job).toBe(
          200,
        );
        const put = await prometheus.query(`rpc_latency_seconds{job="${job}",method="put"}`);
        expect(put, job).toHaveLength(3);
        for (const s of put) {
          expect(
            withinRankError(Number(s.metric['quantile']), s.value),
            `${job} ${s.metric['quantile']}`,
          ).toBe(true);
        }
      }
    } finally {
      await prometheus.stop();
    }
  });
});
