import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { otlpExporter } from '@meterline/exporter-otlp';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { memoryExporter, type MemoryExporter } from '@meterline/testing';

// The OTLP/HTTP status matrix, against a scripted fake receiver: the one place a fake stands in
// for the real one, because no real receiver can be made to answer 429 or 504 on cue. Retries are
// the stock exporter's (429/502/503/504 with exponential backoff, Retry-After honoured, every other
// status final); these tests pin that behaviour down, and Meterline's accounting of each outcome.

/** One scripted answer: status, headers, body. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

/** A request as the fake receiver saw it. */
interface Seen {
  at: number;
  contentType: string | undefined;
  bytes: number;
}

let server: Server;
let url: string;
let script: Answer[] = [];
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      seen.push({ at: performance.now(), contentType: req.headers['content-type'], bytes });
      const answer = script.shift() ?? { status: 200 };
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let telemetry: TelemetryHandle | undefined;
let memory: MemoryExporter;
const warnings: string[] = [];
afterEach(async () => {
  script = [];
  await telemetry?.shutdown();
  telemetry = undefined;
});

/** Starts OTLP push to the fake receiver plus an in-memory reader for the self-metrics. */
async function start(env: Record<string, string> = {}) {
  script = [];
  seen = [];
  memory = memoryExporter();
  telemetry = await startTelemetry({
    plugins: [otlpExporter, memory],
    logger: { info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    env: {
      OTEL_METRICS_EXPORTER: 'otlp,memory',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: url,
      // Exports are driven by forceFlush; each has 4 s for its retries.
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
      OTEL_EXPORTER_OTLP_TIMEOUT: '4000',
      ...env,
    },
    config: { resource: { detect: false } },
  });
  telemetry.meterProvider.getMeter('matrix').createCounter('matrix_ticks').add(1);
  warnings.length = 0;
  return telemetry;
}

async function failures(reason: string): Promise<number> {
  const snapshot = await memory.collect();
  return snapshot.find('meterline_otlp_exports_failed')
    ? snapshot
        .points('meterline_otlp_exports_failed', { reason })
        .reduce((n, p) => n + (p.value as number), 0)
    : 0;
}

async function rejected(): Promise<number> {
  const snapshot = await memory.collect();
  return snapshot.find('meterline_otlp_points_rejected')
    ? snapshot.counter('meterline_otlp_points_rejected')
    : 0;
}

async function exportedPoints(): Promise<number> {
  const snapshot = await memory.collect();
  return snapshot.find('meterline_otlp_points_exported')
    ? snapshot.counter('meterline_otlp_points_exported')
    : 0;
}

/** ExportMetricsServiceResponse{partial_success{rejected_data_points, error_message}}, encoded. */
function partialSuccessProtobuf(points: number, message: string): Uint8Array {
  const text = Buffer.from(message, 'utf8');
  const inner = Buffer.concat([Buffer.from([0x08, points, 0x12, text.length]), text]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}

describe('OTLP/HTTP status handling', () => {
  it('never retries a 4xx (other than 429) or a 500/501, and counts each by status', async () => {
    const handle = await start();
    const statuses = [400, 401, 403, 404, 413, 500, 501];
    for (const status of statuses) {
      script = [{ status, body: 'no' }];
      const before = seen.length;
      await handle.forceFlush();
      expect(seen.length - before, `attempts for ${status}`).toBe(1);
      expect(await failures(`http_${status}`)).toBe(1);
    }
    expect(seen).toHaveLength(statuses.length);
    expect(seen.every((s) => s.contentType === 'application/x-protobuf' && s.bytes > 0)).toBe(true);
    // One warning for the first failure, one per change of reason: never one per export.
    expect(warnings).toHaveLength(statuses.length);
  });

  for (const status of [429, 502, 503, 504]) {
    it(`retries ${status} with backoff and succeeds on the next attempt`, async () => {
      const handle = await start();
      script = [{ status }, { status: 200 }];
      await handle.forceFlush();
      expect(seen).toHaveLength(2);
      // The stock backoff: 1 s ± 20 % jitter before the first retry.
      expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(750);
      expect(await failures('retryable_status')).toBe(0);
      expect(await exportedPoints()).toBeGreaterThan(0);
    });
  }

  it('waits as long as Retry-After says before retrying', async () => {
    const handle = await start();
    script = [{ status: 503, headers: { 'retry-after': '2' } }, { status: 200 }];
    await handle.forceFlush();
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1950);
    expect(await failures('retryable_status')).toBe(0);
  });

  it('gives up at once when Retry-After is beyond the export timeout', async () => {
    const handle = await start();
    script = [{ status: 429, headers: { 'retry-after': '30' } }];
    const started = performance.now();
    await handle.forceFlush();
    expect(seen).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(await failures('retryable_status')).toBe(1);
  });

  it('keeps retrying a receiver that stays unavailable until the export timeout, then fails', async () => {
    const handle = await start();
    script = Array.from({ length: 10 }, () => ({ status: 503 }));
    await handle.forceFlush();
    // Backoff 1 s, 1.5 s, 2.25 s (± 20 %) within the 4 s budget: two or three retries.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeLessThanOrEqual(4);
    const gaps = seen.slice(1).map((s, i) => s.at - seen[i]!.at);
    expect(gaps.every((g) => g >= 750)).toBe(true);
    expect(await failures('retryable_status')).toBe(1);
  });

  it('counts a connection refused as a network failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const handle = await start({
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${port}/v1/metrics`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
    });
    await handle.forceFlush();
    expect(await failures('network')).toBe(1);
  });
});

describe('OTLP partial success', () => {
  it('counts the points a protobuf receiver rejected, and logs its message', async () => {
    const handle = await start();
    script = [{ status: 200, body: partialSuccessProtobuf(3, 'bad unit') }];
    await handle.forceFlush();
    expect(seen).toHaveLength(1);
    expect(await rejected()).toBe(3);
    expect(await failures('other')).toBe(0);
    expect(warnings).toEqual([`OTLP receiver ${url} rejected 3 data point(s): bad unit`]);
  });

  it('counts the points a JSON receiver rejected (int64 as a string)', async () => {
    const handle = await start({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    script = [
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ partialSuccess: { rejectedDataPoints: '2', errorMessage: 'dup' } }),
      },
      { status: 200, body: '{}' },
    ];
    await handle.forceFlush();
    await handle.forceFlush();
    expect(seen.map((s) => s.contentType)).toEqual(['application/json', 'application/json']);
    expect(await rejected()).toBe(2);
  });
});
