import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, type Child } from '../support/child.js';
import { openMetricsFamilies, type ParsedSample } from '../support/openmetrics-parser.js';
import { pollUntil } from '../support/poll.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type TestPrometheus,
} from '../support/prometheus.js';
import { pyCall, pyHealth, type PyTarget } from '../support/python-grpc.js';
import { repoRoot } from '../support/real-parts.js';

// The metrics-module demo (seed 003) as `npm start` runs it: its billing component records over
// gRPC, a third-party client (Debian's python3-grpcio) uses both services at the address the demo
// prints, each admin action shows in the next scrape, and a real Prometheus stores the seed's
// four metric types, the summary's quantiles included.

const TOKEN = 'metrics-module-e2e-token';
let demo: Child;
let metricsUrl: string;
let reader: PyTarget;
let admin: PyTarget;

async function samples(name: string): Promise<ParsedSample[]> {
  const response = await fetch(metricsUrl, {
    headers: { accept: 'application/openmetrics-text; version=1.0.0' },
  });
  return openMetricsFamilies(await response.text()).flatMap((f) =>
    f.samples.filter((s) => s.name === name),
  );
}

beforeAll(async () => {
  demo = startChild(
    process.execPath,
    [join(repoRoot, 'packages', 'demo-metrics-module', 'dist', 'main.js')],
    {
      env: {
        ...process.env,
        METRICS_MODULE_METRICS_PORT: '0',
        METRICS_MODULE_GRPC_PORT: '0',
        METRICS_MODULE_ADMIN_TOKEN: TOKEN,
      },
    },
  );
  await demo.waitForOutput(/^metrics-module ready$/m);
  metricsUrl = (await demo.waitForOutput(/^metrics-module metrics: (\S+)$/m))[1]!;
  const grpc = (await demo.waitForOutput(/^metrics-module grpc: grpc:\/\/(\S+)$/m))[1]!;
  reader = { target: grpc };
  admin = { target: grpc, token: TOKEN };
});

afterAll(async () => {
  expect(await demo?.stop('SIGINT')).toBe(0);
});

describe('the metrics-module demo', () => {
  it('answers the standard health check and lists what its billing component records', async () => {
    expect(await pyHealth(reader, '')).toEqual({ response: { status: 'SERVING' } });
    const listed = await pollUntil(
      async () => {
        const result = await pyCall<{ instruments: { name: string; kind: string }[] }>(
          reader,
          'metrics',
          'ListInstruments',
        );
        const names = new Map(result.response?.instruments.map((i) => [i.name, i.kind]));
        return names.has('billing.api.latency') ? names : undefined;
      },
      { what: 'the billing instruments in ListInstruments', timeoutMs: 15_000 },
    );
    expect(listed.get('billing.invoices')).toBe('INSTRUMENT_KIND_COUNTER');
    expect(listed.get('billing.queue.depth')).toBe('INSTRUMENT_KIND_GAUGE');
    expect(listed.get('billing.invoice.amount')).toBe('INSTRUMENT_KIND_HISTOGRAM');
  });

  it('serves the seed four types: counter, gauge, histogram and the summary', async () => {
    const quantiles = await samples('billing_api_latency_seconds');
    expect(quantiles.map((s) => s.labels.quantile).sort()).toEqual(['0.5', '0.9', '0.99']);
    expect(Number((await samples('billing_api_latency_seconds_count'))[0]!.value)).toBeGreaterThan(
      0,
    );
    expect((await samples('billing_invoices_total')).length).toBeGreaterThan(0);
    expect(Number((await samples('billing_queue_depth'))[0]!.value)).toBeGreaterThanOrEqual(20);
    expect(Number((await samples('billing_invoice_amount_count'))[0]!.value)).toBeGreaterThan(0);
    // Every call the server answered, by method and status (OTel RPC semantic conventions).
    const calls = await samples('rpc_server_call_duration_seconds_count');
    expect(
      calls.some(
        (s) =>
          s.labels.rpc_method === 'meterline.metrics.v1.MetricsService/Record' &&
          s.labels.rpc_response_status_code === 'OK' &&
          Number(s.value) > 0,
      ),
    ).toBe(true);
  });

  it('refuses an admin call without the token, and one with it switches an instrument off', async () => {
    const refused = await pyCall(reader, 'admin', 'SetInstrumentEnabled', {
      instrument: 'billing.queue.depth',
      enabled: false,
    });
    expect(refused.error?.code).toBe('UNAUTHENTICATED');
    expect((await samples('billing_queue_depth')).length).toBe(1);

    const done = await pyCall(admin, 'admin', 'SetInstrumentEnabled', {
      instrument: 'billing.queue.depth',
      enabled: false,
    });
    expect(done.error).toBeUndefined();
    expect(await samples('billing_queue_depth')).toEqual([]);
    const actions = await samples('meterline_grpc_admin_actions_total');
    // The refused call is audited and counted too.
    expect(
      actions.find(
        (s) => s.labels.action === 'SetInstrumentEnabled' && s.labels.result === 'UNAUTHENTICATED',
      )?.value,
    ).toBe(1);
    expect(
      actions.find((s) => s.labels.action === 'SetInstrumentEnabled' && s.labels.result === 'OK')
        ?.value,
    ).toBe(1);

    await pyCall(admin, 'admin', 'SetInstrumentEnabled', {
      instrument: 'billing.queue.depth',
      enabled: true,
    });
    await pollUntil(async () => ((await samples('billing_queue_depth')).length === 1 ? 1 : 0), {
      what: 'billing_queue_depth back after re-enabling',
      timeoutMs: 10_000,
    });
  });

  describe.each(PROMETHEUS_VERSIONS)('scraped by a real Prometheus %s', (version) => {
    let prometheus: TestPrometheus;
    beforeAll(async () => {
      prometheus = await startPrometheus([{ job: 'metrics-module', url: metricsUrl }], {
        version,
      });
      await prometheus.waitForTargetsUp();
    });
    afterAll(async () => {
      await prometheus?.stop();
    });

    it('stores the summary quantiles and the gRPC call histogram', async () => {
      const quantiles = await prometheus.queryUntil(
        'billing_api_latency_seconds{job="metrics-module"}',
        (s) => s.length === 3,
      );
      expect(quantiles.map((s) => s.metric.quantile).sort()).toEqual(['0.5', '0.9', '0.99']);
      // Values the component records lie in [0.02, 0.12).
      for (const s of quantiles) {
        expect(s.value).toBeGreaterThanOrEqual(0.02);
        expect(s.value).toBeLessThan(0.12);
      }
      const calls = await prometheus.queryUntil(
        'sum by (rpc_method) (rpc_server_call_duration_seconds_count{job="metrics-module"})',
        (s) => s.some((x) => x.metric.rpc_method === 'meterline.metrics.v1.MetricsService/Record'),
      );
      expect(calls.length).toBeGreaterThan(0);
    });
  });
});
