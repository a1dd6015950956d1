import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '@meterline/testing';
import { createPrometheusReader, type PrometheusReaderOptions } from '../src/reader.js';
import { startMetricsServer, type MetricsServer } from '../src/server.js';
import { decodeFamilies } from './exposition/proto-decoder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: PrometheusReaderOptions = {}) {
  const logger = recordingLogger();
  // The self-metrics go to the provider the reader joins, created after it (as startTelemetry's
  // plug-in context does it).
  const prom = createPrometheusReader({
    logger,
    meterProvider: { getMeter: (...args) => provider.getMeter(...args) },
    ...options,
  });
  const provider = new MeterProvider({ readers: [prom.reader] });
  const server: MetricsServer = await startMetricsServer({ handler: prom.handler, port: 0 });
  cleanups.push(async () => {
    await server.close();
    await provider.shutdown();
  });
  return { ...prom, provider, meter: provider.getMeter('test'), server, logger };
}

/** Raw GET with Node's client (fetch always decompresses, hiding gzip). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('scrape handler: formats and compression', () => {
  it('serves text 0.0.4 by default and OpenMetrics when Prometheus asks for it', async () => {
    const { meter, server } = await setup();
    meter.createCounter('hits').add(2);
    const text = await get(server.url);
    expect(text.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text.body.toString()).toContain('hits_total{otel_scope_name="test"} 2\n');
    const om = await get(server.url, {
      accept:
        'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
    });
    expect(om.headers['content-type']).toBe(
      'application/openmetrics-text; version=1.0.0; charset=utf-8',
    );
    expect(om.body.toString()).toMatch(
      /# TYPE hits counter\n[^]*hits_total\{otel_scope_name="test"\} 2\n[^]*# EOF\n$/,
    );
  });

  it('gzips when the client accepts it, with the same content', async () => {
    const { meter, server } = await setup();
    meter.createCounter('hits').add(5);
    const zipped = await get(server.url, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const plain = await get(server.url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const unzipped = gunzipSync(zipped.body).toString();
    expect(unzipped).toContain('hits_total{otel_scope_name="test"} 5\n');
    // Only the self-metrics differ between the two scrapes.
    const userPart = (s: string) => s.slice(0, s.indexOf('# HELP meterline_prometheus_'));
    expect(userPart(unzipped)).toBe(userPart(plain.body.toString()));
  });

  // A body of at most 64 KiB is compressed in one call, whether it came in one chunk or several;
  // a larger one streams through gzip, the bytes held before included. Each decompresses to every
  // line, and the self-metric counts the compressed bytes the client received.
  it.each([
    ['one chunk', 10, undefined],
    ['several small chunks', 1_000, 4 * 1024],
    ['more than 64 KiB in small chunks', 5_000, 8 * 1024],
  ])('gzips a body of %s intact and counts its bytes', async (_, series, chunkBytes) => {
    const { meter, server } = await setup({ cardinalityLimit: 50_000, exposition: { chunkBytes } });
    const counter = meter.createCounter('wide');
    for (let i = 0; i < series; i++) counter.add(i + 1, { i });
    const first = await get(server.url, { 'accept-encoding': 'gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    const lines = gunzipSync(first.body)
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('wide_total{'));
    expect(lines).toEqual(
      Array.from(
        { length: series },
        (_, i) => `wide_total{i="${i}",otel_scope_name="test"} ${i + 1}`,
      ),
    );
    const second = (await get(server.url)).body.toString();
    expect(second).toContain(`\nmeterline_prometheus_response_bytes_total ${first.body.length}\n`);
  });

  it('serves the protobuf exposition, gzipped, when the scraper asks for it first', async () => {
    const { meter, server } = await setup();
    meter.createCounter('hits').add(7);
    // A scrape's duration is recorded when it ends: after one scrape, the next shows the histogram.
    await get(server.url);
    const accept =
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    const res = await get(server.url, { accept, 'accept-encoding': 'gzip' });
    expect(res.headers['content-type']).toBe(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    );
    expect(res.headers['content-encoding']).toBe('gzip');
    const families = decodeFamilies(gunzipSync(res.body));
    expect(families.find((f) => f.name === 'hits_total')).toMatchObject({
      type: 'COUNTER',
      metric: [{ label: [{ name: 'otel_scope_name', value: 'test' }], counter: { value: 7 } }],
    });
    // The self-metrics come along, in protobuf too.
    expect(families.at(-1)!.name).toBe('meterline_prometheus_scrapes_in_flight');
    expect(
      families.find((f) => f.name === 'meterline_prometheus_scrape_duration_seconds')!.type,
    ).toBe('HISTOGRAM');
  });

  it('answers HEAD with headers and no body', async () => {
    const { server } = await setup();
    const head = await get(server.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});

describe('scrape handler: collection errors', () => {
  it('answers 500 to a throwing callback, without leaking its message, and logs it', async () => {
    const { meter, server, logger } = await setup();
    meter.createCounter('fine').add(1);
    meter.createObservableGauge('broken').addCallback(() => {
      throw new Error('cannot reach db at postgres://admin:hunter2@db');
    });
    const response = await get(server.url);
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('metrics collection failed with 1 error(s)\n');
    expect(logger.lines.join('\n')).toContain('hunter2');
  });

  it('serves what it has with errorHandling "continue"', async () => {
    const { meter, server } = await setup({ errorHandling: 'continue' });
    meter.createCounter('fine').add(1);
    meter.createObservableGauge('broken').addCallback(() => {
      throw new Error('boom');
    });
    const response = await get(server.url);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('fine_total{otel_scope_name="test"} 1\n');
    // The error is counted once the collection is over, so this body (that collection's) shows
    // none and the next one shows it.
    expect(response.body.toString()).toContain('meterline_prometheus_collection_errors_total 0\n');
    const next = await get(server.url);
    expect(next.body.toString()).toContain('meterline_prometheus_collection_errors_total 1\n');
  });

  it('counts a failed collection in the next body, with the failed scrape by its code', async () => {
    const { meter, server } = await setup();
    let failures = 1;
    meter.createObservableGauge('flaky').addCallback((r) => {
      if (failures-- > 0) throw new Error('once');
      r.observe(1);
    });
    expect((await get(server.url)).status).toBe(500);
    const next = (await get(server.url)).body.toString();
    expect(next).toContain('flaky{otel_scope_name="test"} 1\n');
    expect(next).toContain('meterline_prometheus_collection_errors_total 1\n');
    expect(next).toContain('meterline_prometheus_scrapes_total{code="500"} 1\n');
  });

  it('counts a timed-out collection in the bodies of later collections', async () => {
    const { meter, server, selfMetrics } = await setup();
    let slow = true;
    meter.createObservableGauge('slow').addCallback(async (r) => {
      if (slow) await new Promise((resolve) => setTimeout(resolve, 600));
      slow = false;
      r.observe(1);
    });
    const timedOut = await get(server.url, { 'x-prometheus-scrape-timeout-seconds': '0.2' });
    expect(timedOut.status).toBe(503);
    expect(selfMetrics.collectionErrors).toBe(1);
    // The next scrape may still share the slow collection (its values predate the count)...
    expect((await get(server.url)).status).toBe(200);
    // ...the one after it runs a collection of its own.
    const body = (await get(server.url)).body.toString();
    expect(body).toContain('meterline_prometheus_collection_errors_total 1\n');
    expect(body).toContain('meterline_prometheus_scrapes_total{code="503"} 1\n');
  });

  it('answers 503 within the scrape timeout to a hanging callback and runs it only once', async () => {
    const { meter, server } = await setup();
    let calls = 0;
    meter.createObservableGauge('stuck').addCallback(() => {
      calls++;
      return new Promise<void>(() => {});
    });
    const scrapes = await Promise.all(
      [1, 2, 3].map(() => get(server.url, { 'x-prometheus-scrape-timeout-seconds': '0.5' })),
    );
    expect(scrapes.map((s) => s.status)).toEqual([503, 503, 503]);
    expect(scrapes[0]!.body.toString()).toBe('metrics collection timed out\n');
    expect(calls).toBe(1);
  });
});

describe('scrape handler: concurrency', () => {
  it('answers 50 parallel scrapes while recording with consistent, monotonic values', async () => {
    const { meter, server } = await setup();
    const counter = meter.createCounter('ops');
    const histogram = meter.createHistogram('op_seconds', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.01, 0.1] },
    });
    let recording = true;
    let recorded = 0;
    const recorder = (async () => {
      while (recording && recorded < 1_000_000) {
        for (let i = 0; i < 200; i++) {
          counter.add(1, { kind: i % 2 ? 'a' : 'b' });
          histogram.record((i % 3) * 0.05);
          recorded++;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const bodies = await Promise.all(
      Array.from({ length: 50 }, () => get(server.url).then((r) => r.body.toString())),
    );
    recording = false;
    await recorder;
    for (const body of bodies) {
      const count = Number(/^op_seconds_count\{[^}]*\} (\d+)$/m.exec(body)![1]);
      const inf = Number(/^op_seconds_bucket\{[^}]*le="\+Inf"\} (\d+)$/m.exec(body)![1]);
      expect(count).toBe(inf);
    }
    const totals = bodies.map((b) => Number(/^ops_total\{kind="a"[^}]*\} (\d+)$/m.exec(b)![1]));
    // Bodies come back in request order only loosely; values must still never exceed the final.
    const final = await get(server.url).then((r) => r.body.toString());
    const finalTotal = Number(/^ops_total\{kind="a"[^}]*\} (\d+)$/m.exec(final)![1]);
    expect(Math.max(...totals)).toBeLessThanOrEqual(finalTotal);
    expect(finalTotal).toBe(recorded / 2);
    const scrapesOk = Number(
      /meterline_prometheus_scrapes_total\{code="200"\} (\d+)/.exec(final)![1],
    );
    expect(scrapesOk).toBe(50);
  });

  it('coalesces concurrent scrapes into fewer collections than scrapes', async () => {
    const { meter, server } = await setup();
    let collections = 0;
    meter.createObservableGauge('g').addCallback(async (r) => {
      collections++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      r.observe(1);
    });
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => get(server.url).then((r) => r.status)),
    );
    expect(statuses).toEqual(Array(10).fill(200));
    expect(collections).toBeLessThan(10);
    expect(collections).toBeGreaterThanOrEqual(1);
  });

  it('answers 503 beyond the in-flight cap', async () => {
    const { meter, server, selfMetrics } = await setup({ maxInFlight: 2 });
    meter.createObservableGauge('stuck').addCallback(() => new Promise<void>(() => {}));
    const headers = { 'x-prometheus-scrape-timeout-seconds': '1' };
    const first = [get(server.url, headers), get(server.url, headers)];
    await pollUntil(() => selfMetrics.inFlight === 2);
    const third = await get(server.url, headers);
    expect(third.status).toBe(503);
    expect(third.body.toString()).toBe('too many concurrent scrapes (limit 2)\n');
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([503, 503]);
    expect(selfMetrics.scrapes(503)).toBe(3);
  });
});

/** Polls `condition` every 5 ms for up to 5 s. */
async function pollUntil(condition: () => boolean) {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('server: bad requests', () => {
  it('answers 405 to other methods, 404 to other paths, 414 to huge URLs and keeps serving', async () => {
    const { server } = await setup();
    expect((await get(server.url, {}, 'POST')).status).toBe(405);
    expect((await get(server.url, {}, 'DELETE')).headers.allow).toBe('GET, HEAD');
    expect((await get(server.url.replace('/metrics', '/nope'))).status).toBe(404);
    expect((await get(`${server.url}?${'x'.repeat(3000)}`)).status).toBe(414);
    expect((await get(server.url, { 'x-big': 'y'.repeat(20_000) })).status).toBe(431);
    expect((await get(server.url)).status).toBe(200);
  });

  it('answers 400 to a malformed request line and keeps serving', async () => {
    const { server } = await setup();
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('NOT HTTP AT ALL\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect((await get(server.url)).status).toBe(200);
  });
});

describe('scrape handler: large bodies', () => {
  it('streams a body larger than its in-flight allowance to a slow reader, complete', async () => {
    const { meter, server } = await setup({ cardinalityLimit: 50_000 });
    const counter = meter.createCounter('wide');
    const padding = 'x'.repeat(200);
    for (let i = 0; i < 30_000; i++) counter.add(1, { i, padding });
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const req = request(server.url, (res) => {
          const chunks: Buffer[] = [];
          // Read in bursts with pauses, so the server meets backpressure.
          res.on('data', (c: Buffer) => {
            chunks.push(c);
            res.pause();
            setTimeout(() => res.resume(), 1);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThan(6 * 1024 * 1024);
    expect(body.match(/^wide_total\{/gm)).toHaveLength(30_000);
    expect(body).toContain('# TYPE meterline_prometheus_scrapes_in_flight gauge');
  });

  // Chunk buffers are reused once written: a buffer handed out again too early would overwrite
  // bytes still queued in the socket or zlib. Every line is checked, not only counted.
  it.each([
    ['plain', false],
    ['gzipped', true],
  ])('sends every byte of a %s multi-chunk body intact to a slow reader', async (_, gzip) => {
    const headers: Record<string, string> = gzip ? { 'accept-encoding': 'gzip' } : {};
    const { meter, server } = await setup({ cardinalityLimit: 50_000 });
    const counter = meter.createCounter('wide');
    const padding = 'y'.repeat(150);
    for (let i = 0; i < 30_000; i++) counter.add(i + 1, { i, padding });
    const { status, raw, encoding } = await new Promise<{
      status: number;
      raw: Buffer;
      encoding: unknown;
    }>((resolve, reject) => {
      const req = request(server.url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          res.pause();
          setTimeout(() => res.resume(), 1);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            raw: Buffer.concat(chunks),
            encoding: res.headers['content-encoding'],
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const body = (gzip ? gunzipSync(raw) : raw).toString();
    expect(encoding).toBe(gzip ? 'gzip' : undefined);
    const lines = body.split('\n').filter((l) => l.startsWith('wide_total{'));
    expect(lines).toHaveLength(30_000);
    const seen = new Set<number>();
    for (const line of lines) {
      const match = /^wide_total\{i="(\d+)",padding="(y+)",otel_scope_name="test"\} (\d+)$/.exec(
        line,
      );
      expect(match, line.slice(0, 120)).not.toBeNull();
      const i = Number(match![1]);
      expect(match![2]).toBe(padding);
      expect(Number(match![3])).toBe(i + 1);
      seen.add(i);
    }
    expect(seen.size).toBe(30_000);
  });

  it('finishes the scrape and keeps serving when the client goes away mid-body', async () => {
    const { meter, server, selfMetrics, logger } = await setup({ cardinalityLimit: 50_000 });
    const counter = meter.createCounter('wide');
    // ~13 MB: more than the in-flight allowance (4 MiB) plus what socket buffers hold.
    const padding = 'x'.repeat(400);
    for (let i = 0; i < 30_000; i++) counter.add(1, { i, padding });
    await new Promise<void>((resolve, reject) => {
      const req = request(server.url, (res) => {
        // Take the first bytes, then stop reading and hang up.
        res.once('data', () => {
          res.pause();
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 20);
        });
      });
      req.on('error', () => {});
      req.on('close', () => resolve());
      req.end();
      setTimeout(() => reject(new Error('no response started')), 5000).unref();
    });
    const deadline = Date.now() + 5000;
    while (selfMetrics.inFlight > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(selfMetrics.inFlight).toBe(0);
    expect(selfMetrics.scrapes(499)).toBe(1);
    expect(logger.lines).toContain(
      'warn: metrics scrape: the client closed the connection before the body ended',
    );
    const next = await get(server.url);
    expect(next.status).toBe(200);
    expect(next.body.toString().match(/^wide_total\{/gm)).toHaveLength(30_000);
  });
});

describe('server: lifecycle', () => {
  it('lets an in-flight scrape finish on close', async () => {
    const { meter, server } = await setup();
    let started!: () => void;
    const collecting = new Promise<void>((resolve) => (started = resolve));
    meter.createObservableGauge('slow').addCallback(async (r) => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 300));
      r.observe(42);
    });
    const scrape = get(server.url);
    await collecting;
    const closed = server.close();
    const response = await scrape;
    await closed;
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('slow{otel_scope_name="test"} 42\n');
  });
});
