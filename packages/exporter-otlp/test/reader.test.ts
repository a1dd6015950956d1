import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DataPointType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { createTestMetrics } from '@meterline/testing';
import { createOtlpReader } from '../src/index.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createOtlpReader', () => {
  it('keeps the request timeout within the reader timeout and the interval', async () => {
    const short = await createOtlpReader({ exportIntervalMillis: 300 });
    expect(short.requestTimeoutMillis).toBe(300);
    const long = await createOtlpReader({
      exportIntervalMillis: 60_000,
      exportTimeoutMillis: 30_000,
    });
    expect(long.requestTimeoutMillis).toBe(10_000);
    const tight = await createOtlpReader({
      otlp: { timeoutMillis: 20_000 },
      exportIntervalMillis: 60_000,
      exportTimeoutMillis: 5_000,
    });
    expect(tight.requestTimeoutMillis).toBe(5_000);
  });

  it('aggregates histograms as the default histogram aggregation option says', async () => {
    const port = await closedPort();
    const kinds: DataPointType[] = [];
    for (const histogramAggregation of [
      'explicit_bucket_histogram',
      'base2_exponential_bucket_histogram',
    ] as const) {
      const { reader } = await createOtlpReader({
        otlp: { endpoint: `http://127.0.0.1:${port}`, histogramAggregation },
        exportTimeoutMillis: 1000,
      });
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('m').createHistogram('latency').record(0.5);
      const { resourceMetrics } = await reader.collect();
      kinds.push(resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPointType);
      await provider.shutdown().catch(() => undefined); // the receiver is closed: export fails
    }
    expect(kinds).toEqual([DataPointType.HISTOGRAM, DataPointType.EXPONENTIAL_HISTOGRAM]);
  });

  it('reports its target without the credentials a URL may carry', async () => {
    const otlp = await createOtlpReader({
      otlp: { metricsEndpoint: 'https://user:secret@collector:4318/v1/metrics' },
    });
    expect(otlp.url).toBe('https://collector:4318/v1/metrics');
  });

  it('names the option that is wrong', async () => {
    await expect(
      createOtlpReader({ otlp: { protocol: 'thrift' as 'grpc', timeoutMillis: -1 } }),
    ).rejects.toThrow(
      'invalid OTLP exporter options: protocol: expected one of: http/protobuf, http/json, grpc; ' +
        "timeoutMillis: expected a whole number of milliseconds from 1 to 2147483647 (2^31-1, Node's longest timer)",
    );
  });

  for (const [protocol, reason] of [
    ['http/protobuf', 'network'],
    ['http/json', 'network'],
    ['grpc', 'grpc_unavailable'],
  ] as const) {
    it(`exports over ${protocol} and accounts for an unreachable receiver as ${reason}`, async () => {
      const port = await closedPort();
      const self = createTestMetrics();
      const otlp = await createOtlpReader({
        otlp: { protocol, endpoint: `http://127.0.0.1:${port}`, timeoutMillis: 500 },
        exportIntervalMillis: 60_000,
        meterProvider: self.meterProvider,
      });
      const provider = new MeterProvider({ readers: [otlp.reader] });
      provider.getMeter('t').createCounter('ticks').add(1);
      await provider.forceFlush();
      expect((await self.collect()).counter('meterline_otlp_exports_failed', { reason })).toBe(1);
      await provider.shutdown();
    });
  }
});
