import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { prometheusExporter } from '@meterline/exporter-prometheus';
import { silentLogger, startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../support/poll.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type TestPrometheus,
} from '../support/prometheus.js';

// Exemplars from a sampled span, recorded through the engine, served in the OpenMetrics body and
// stored by a real Prometheus (2.53 and 3.5, exemplar storage on), which answers them back through
// its exemplar query API with the trace and span ids and the value in the family's unit.

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const sampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  traceFlags: TraceFlags.SAMPLED,
});
const unsampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: 'ffffffffffffffffffffffffffffffff',
  spanId: 'ffffffffffffffff',
  traceFlags: TraceFlags.NONE,
});

interface StoredExemplar {
  readonly labels: Record<string, string>;
  readonly value: string;
}

let telemetry: TelemetryHandle;
let url: string;

beforeAll(async () => {
  telemetry = await startTelemetry({
    plugins: [prometheusExporter],
    logger: silentLogger,
    env: {},
    registerGlobal: false,
    defaults: { service: { name: 'checkout' } },
    config: {
      exporters: { prometheus: { port: 0, host: '127.0.0.1' } },
      metrics: { runtime: { enabled: false } },
    },
  });
  url = telemetry.endpoints[0]!.url;
  const meter = telemetry.meterProvider.getMeter('checkout');
  const orders = meter.createCounter('orders');
  // Recorded in ms, served in seconds (the exporter's base-unit conversion).
  const duration = meter.createHistogram('checkout.duration', {
    unit: 'ms',
    advice: { explicitBucketBoundaries: [100, 500, 1000] },
  });
  orders.add(1, { shop: 'a' }, unsampled);
  orders.add(3, { shop: 'a' }, sampled);
  duration.record(250, { shop: 'a' }, sampled);
  duration.record(900, { shop: 'a' }, unsampled);
});

afterAll(async () => {
  await telemetry?.shutdown();
});

describe('exemplars in the OpenMetrics body', () => {
  it('puts the sampled measurement on the counter and in its histogram bucket, in seconds', async () => {
    const body = await (
      await fetch(url, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } })
    ).text();
    const ids = `trace_id="${TRACE_ID}",span_id="${SPAN_ID}"`;
    expect(body).toMatch(
      new RegExp(`^orders_total\\{shop="a"[^}]*\\} 4 # \\{${ids}\\} 3 \\d+\\.\\d{9}$`, 'm'),
    );
    expect(body).toMatch(
      new RegExp(
        `^checkout_duration_seconds_bucket\\{shop="a"[^}]*le="0.5"\\} 1 # \\{${ids}\\} 0.25 \\d+\\.\\d{9}$`,
        'm',
      ),
    );
    // The unsampled measurements left none; the text format carries none at all.
    expect(body).not.toContain('ffffffff');
    const text = await (await fetch(url, { headers: { accept: 'text/plain' } })).text();
    expect(text).not.toContain('trace_id');
  });
});

describe.each(PROMETHEUS_VERSIONS)('stored by a real Prometheus %s', (version) => {
  let prometheus: TestPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus(
      [{ job: 'checkout', url, extra: { scrape_protocols: ['OpenMetricsText1.0.0'] } }],
      { version, flags: ['--enable-feature=exemplar-storage'] },
    );
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  const exemplars = async (query: string): Promise<StoredExemplar[]> => {
    const end = Date.now() / 1000 + 60;
    const response = await fetch(
      `${prometheus.url}/api/v1/query_exemplars?query=${encodeURIComponent(query)}&start=${end - 3600}&end=${end}`,
    );
    const json = (await response.json()) as { data: { exemplars: StoredExemplar[] }[] };
    return json.data.flatMap((series) => series.exemplars);
  };

  it('answers the exemplars back with their trace and span ids and values', async () => {
    const counter = await pollUntil(
      async () => {
        const found = await exemplars('orders_total');
        return found.length > 0 ? found : undefined;
      },
      { what: `exemplars of orders_total in Prometheus ${version}` },
    );
    expect(counter.map((e) => [e.labels, Number(e.value)])).toContainEqual([
      { trace_id: TRACE_ID, span_id: SPAN_ID },
      3,
    ]);
    const buckets = await exemplars('checkout_duration_seconds_bucket');
    expect(buckets.map((e) => [e.labels.trace_id, Number(e.value)])).toContainEqual([
      TRACE_ID,
      0.25,
    ]);
    expect(JSON.stringify([...counter, ...buckets])).not.toContain('ffffffff');
  });
});
