import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { otlpExporter } from '@meterline/exporter-otlp';
import { recordingLogger } from '@meterline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEndpoint } from '../support/endpoint.js';
import { pollUntil } from '../support/poll.js';
import {
  PROMETHEUS_VERSIONS,
  startPrometheus,
  type TestPrometheus,
} from '../support/prometheus.js';
import { startScrapeRecorder, type ScrapeRecorder } from '../support/scrape-recorder.js';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics.js';

// Prometheus stores native histograms only from the protobuf exposition, which it asks for once
// native histograms are on (`--enable-feature=native-histograms` in 2.53 and 3.5). Meterline
// answers that Accept header with protobuf and carries exponential histograms as native
// histograms; Prometheus's own PromQL is the judge (promtool cannot read protobuf).

/** What each version sends with native histograms on (no `scrape_protocols`), as recorded. */
const NATIVE_SCRAPE_ACCEPT = {
  '2.53':
    'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5,application/openmetrics-text;version=1.0.0;q=0.4,application/openmetrics-text;version=0.0.1;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1',
  '3.5':
    'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1',
} as const;

const PROTOBUF =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

describe.each(PROMETHEUS_VERSIONS)(
  'native histograms scraped by a real Prometheus %s',
  (version) => {
    let telemetry: TelemetryHandle;
    let prometheus: TestPrometheus;
    let recorder: ScrapeRecorder;

    beforeAll(async () => {
      ({ telemetry } = await startEndpoint({
        service: 'native',
        views: [{ instrument: 'rpc.latency', exponential: true }],
        prometheus: { baseUnits: true },
      }));
      recorder = await startScrapeRecorder(telemetry.endpoints[0]!.url);
      prometheus = await startPrometheus([{ job: 'native', url: recorder.url }], {
        version,
        flags: ['--enable-feature=native-histograms'],
      });
      await prometheus.waitForTargetsUp();
    });

    afterAll(async () => {
      await prometheus?.stop();
      await recorder?.stop();
      await telemetry?.shutdown();
    });

    it('asks for protobuf, gets it, and stores the exponential histogram natively', async () => {
      const meter = telemetry.meterProvider.getMeter('rpc');
      const latency = meter.createHistogram('rpc.latency', { unit: 'ms' });
      const classic = meter.createHistogram('rpc.size', {
        unit: 'By',
        advice: { explicitBucketBoundaries: [10, 100] },
      });
      const calls = meter.createCounter('rpc.calls');
      // A first sample (one call of 1 s), so that rate() sees the increase of the 100 below.
      latency.record(1000, { method: 'get' });
      await prometheus.waitForScrapeAfter('native', Date.now());
      // 1, 2, …, 100 ms: the median is 50 ms.
      for (let i = 1; i <= 100; i++) latency.record(i, { method: 'get' });
      for (const v of [5, 50, 500]) classic.record(v);
      calls.add(7);
      await prometheus.waitForScrapeAfter('native', Date.now());

      expect(await prometheus.scrapeProblems()).toEqual([]);
      const scrapes = recorder.scrapes.filter((s) => s.status === 200);
      expect(scrapes.length).toBeGreaterThan(0);
      for (const scrape of scrapes) {
        expect(scrape.accept).toBe(NATIVE_SCRAPE_ACCEPT[version]);
        expect(scrape.contentType).toBe(PROTOBUF);
        expect(scrape.contentEncoding).toBe('gzip');
      }

      const value = async (promql: string) => {
        const samples = await prometheus.query(promql);
        expect(samples, promql).toHaveLength(1);
        return samples[0]!.value;
      };
      // histogram_count/sum only read native histograms: a classic one gives no result.
      expect(await value('histogram_count(rpc_latency_seconds)')).toBe(101);
      expect(await value('histogram_sum(rpc_latency_seconds)')).toBeCloseTo(6.05, 9);
      // The 100 calls of the last scrape interval: 1 … 100 ms, median 50 ms. 1 … 1000 ms in 160
      // buckets puts the aggregation at scale 3 or 4 (buckets 4-9 % wide; ms to seconds moves
      // them by half a bucket at most), and Prometheus interpolates within the bucket.
      const median = await value('histogram_quantile(0.5, rate(rpc_latency_seconds[1m]))');
      expect(Math.abs(median - 0.05) / 0.05).toBeLessThan(0.05);
      expect(await value('histogram_count(rate(rpc_latency_seconds[1m]))')).toBeGreaterThan(0);
      expect(
        await value('histogram_fraction(0, 0.0255, rate(rpc_latency_seconds[1m]))'),
      ).toBeCloseTo(0.25, 1);

      // The other kinds come through the same protobuf scrape.
      expect(await value('rpc_size_bytes_count')).toBe(3);
      // A classic bucket bound from protobuf is stored in float form (le="100.0").
      const buckets = await prometheus.query('rpc_size_bytes_bucket');
      expect(Object.fromEntries(buckets.map((b) => [b.metric['le'], b.value]))).toEqual({
        '10.0': 1,
        '100.0': 2,
        '+Inf': 3,
      });
      expect(await value('rpc_calls_total')).toBe(7);
      expect(await value('target_info')).toBe(1);
      expect(await value('meterline_prometheus_scrapes_total{code="200"}')).toBeGreaterThan(0);
    });
  },
);

describe('the OTLP default histogram aggregation, from its standard variable', () => {
  // Prometheus 3.5 as Debian builds it has no OTLP receiver (`--web.enable-otlp-receiver` is an
  // unknown flag), so VictoriaMetrics receives: it keeps an OTLP exponential histogram as `vmrange`
  // buckets and an explicit one as `le` buckets, which tells what was pushed.
  let vm: TestVictoriaMetrics;
  const handles: TelemetryHandle[] = [];

  beforeAll(async () => {
    vm = await startVictoriaMetrics();
  });

  afterAll(async () => {
    for (const handle of handles) await handle.shutdown();
    await vm?.remove();
  });

  async function push(service: string, env: Record<string, string>) {
    const telemetry = await startTelemetry({
      plugins: [otlpExporter],
      registerGlobal: false,
      logger: recordingLogger(),
      env: {
        OTEL_SERVICE_NAME: service,
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: vm.otlpUrl,
        OTEL_METRIC_EXPORT_INTERVAL: '250',
        ...env,
      },
      config: { resource: { detect: false }, metrics: { runtime: { enabled: false } } },
    });
    handles.push(telemetry);
    const latency = telemetry.meterProvider
      .getMeter('rpc')
      .createHistogram('rpc.latency', { unit: 's' });
    for (let i = 1; i <= 100; i++) latency.record(i / 1000);
  }

  it('pushes exponential histograms with base2_exponential_bucket_histogram, explicit ones without', async () => {
    await push('exponential', {
      OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION:
        'base2_exponential_bucket_histogram',
    });
    await push('explicit', {});
    for (const service of ['exponential', 'explicit']) {
      await vm.queryUntil(
        `rpc_latency_seconds_count{service_name="${service}"}`,
        (s) => s.length === 1 && s[0]!.value === 100,
      );
    }
    const labelsOf = async (service: string) =>
      (await vm.query(`rpc_latency_seconds_bucket{service_name="${service}"}`)).map((s) =>
        s.metric['vmrange'] !== undefined ? 'vmrange' : s.metric['le'] !== undefined ? 'le' : '?',
      );
    expect(new Set(await labelsOf('exponential'))).toEqual(new Set(['vmrange']));
    expect(new Set(await labelsOf('explicit'))).toEqual(new Set(['le']));
    const [median] = await vm.query(
      'histogram_quantile(0.5, sum by (vmrange) (rpc_latency_seconds_bucket{service_name="exponential"}))',
    );
    expect(Math.abs(median!.value - 0.05) / 0.05).toBeLessThan(0.1);
  });
});

describe.each(PROMETHEUS_VERSIONS)(
  'exponential histograms scraped as text by Prometheus %s (no native histograms)',
  (version) => {
    // Served as classic buckets at fixed bounds: when the aggregation rescales, every `le` series
    // stays and none goes down (it used to lose 130 of 135 bounds, and rate() saw resets).
    let telemetry: TelemetryHandle;
    let prometheus: TestPrometheus;

    beforeAll(async () => {
      ({ telemetry } = await startEndpoint({
        service: 'rescale',
        views: [{ instrument: 'size', exponential: true }],
        prometheus: { baseUnits: true },
      }));
      prometheus = await startPrometheus([{ job: 'rescale', url: telemetry.endpoints[0]!.url }], {
        version,
      });
      await prometheus.waitForTargetsUp();
    });

    afterAll(async () => {
      await prometheus?.stop();
      await telemetry?.shutdown();
    });

    it('keeps every le series, with no counter reset, across a rescale', async () => {
      const size = telemetry.meterProvider.getMeter('m').createHistogram('size');
      for (let i = 0; i < 135; i++) size.record(1 + i / 100);
      await prometheus.waitForScrapeAfter('rescale', Date.now());
      const les = async () =>
        new Set((await prometheus.query('size_bucket')).map((s) => s.metric['le']!));
      const before = await les();
      size.record(1e6); // the aggregation drops to a much coarser scale
      await prometheus.waitForScrapeAfter('rescale', Date.now());
      await prometheus.waitForScrapeAfter('rescale', Date.now());
      const after = await les();
      expect(before.size).toBeGreaterThan(5);
      expect([...before].filter((le) => !after.has(le))).toEqual([]);
      expect(await prometheus.scrapeProblems()).toEqual([]);
      const resets = await prometheus.query('resets(size_bucket[1m]) > 0');
      expect(resets.map((s) => s.metric['le'])).toEqual([]);
      const [count] = await prometheus.query('size_count');
      expect(count!.value).toBe(136);
    });
  },
);

describe.each(PROMETHEUS_VERSIONS)(
  'exemplars over protobuf, stored by Prometheus %s',
  (version) => {
    // The engine keeps exemplars of sampled spans; the protobuf exposition carries them on the
    // counter, in the classic bucket holding the value and on the native histogram (with the
    // timestamp Prometheus requires there); Prometheus answers them back from its exemplar storage.
    const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
    const SPAN_ID = '00f067aa0ba902b7';
    let telemetry: TelemetryHandle;
    let prometheus: TestPrometheus;

    beforeAll(async () => {
      ({ telemetry } = await startEndpoint({
        service: 'traced',
        views: [{ instrument: 'checkout.latency', exponential: true }],
        prometheus: { baseUnits: true },
      }));
      const sampled = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: TraceFlags.SAMPLED,
      });
      const meter = telemetry.meterProvider.getMeter('checkout');
      meter.createCounter('orders').add(3, { shop: 'a' }, sampled);
      meter
        .createHistogram('checkout.duration', {
          unit: 'ms',
          advice: { explicitBucketBoundaries: [100, 500, 1000] },
        })
        .record(250, { shop: 'a' }, sampled);
      meter.createHistogram('checkout.latency', { unit: 's' }).record(0.25, { shop: 'a' }, sampled);
      prometheus = await startPrometheus(
        [
          {
            job: 'traced',
            url: telemetry.endpoints[0]!.url,
            extra: { scrape_protocols: ['PrometheusProto'] },
          },
        ],
        { version, flags: ['--enable-feature=exemplar-storage,native-histograms'] },
      );
    });

    afterAll(async () => {
      await prometheus?.stop();
      await telemetry?.shutdown();
    });

    const exemplars = async (query: string) => {
      const end = Date.now() / 1000 + 60;
      const response = await fetch(
        `${prometheus.url}/api/v1/query_exemplars?query=${encodeURIComponent(query)}&start=${end - 3600}&end=${end}`,
      );
      const json = (await response.json()) as {
        data: { exemplars: { labels: Record<string, string>; value: string }[] }[];
      };
      return json.data.flatMap((series) => series.exemplars);
    };
    const stored = (query: string) =>
      pollUntil(
        async () => {
          const found = await exemplars(query);
          return found.length > 0 ? found : undefined;
        },
        { what: `exemplars of ${query} in Prometheus ${version}` },
      );

    it('answers them back: counter, classic bucket (in seconds) and native histogram', async () => {
      const ids = { trace_id: TRACE_ID, span_id: SPAN_ID };
      const counter = await stored('orders_total');
      expect(counter.map((e) => [e.labels, Number(e.value)])).toContainEqual([ids, 3]);
      const bucket = await stored('checkout_duration_seconds_bucket');
      expect(bucket.map((e) => [e.labels, Number(e.value)])).toContainEqual([ids, 0.25]);
      const native = await stored('checkout_latency_seconds');
      expect(native.map((e) => [e.labels, Number(e.value)])).toContainEqual([ids, 0.25]);
    });
  },
);
