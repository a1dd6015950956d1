import { Agent, request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { startTelemetry, type AnyExporterPlugin } from '@meterline/sdk';
import { recordingLogger } from '@meterline/testing';
import { MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { prometheusExporter } from '../src/plugin.js';

// Graceful shutdown keeps every accepted scrape whole. A second reader whose shutdown takes a
// while (as a final OTLP push to a slow receiver does) keeps the meter provider shutting down;
// scrapers on keep-alive connections scrape back to back all along. Before the fix the provider
// went first: the Prometheus reader was shut while its server still answered, so every scrape in
// that window got a 500 `MetricReader is shutdown`.

/** A reader whose shutdown takes `ms`, like a final push to a slow receiver. */
class SlowShutdownReader extends MetricReader {
  constructor(private readonly ms: number) {
    super();
  }
  protected override async onShutdown(): Promise<void> {
    await delay(this.ms);
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const slowPush: AnyExporterPlugin = {
  name: 'slowpush',
  optionsSchema: z.strictObject({}),
  env: [],
  create: () => Promise.resolve({ reader: new SlowShutdownReader(400), endpoints: [] }),
} as unknown as AnyExporterPlugin;

interface Outcome {
  status?: number;
  complete?: boolean;
  error?: string;
  /** Response bytes seen before an error. */
  bytes: number;
  /** Issued before shutdown began, answered after: in flight when it started. */
  inFlightAtShutdown: boolean;
}

function scrape(url: string, agent: Agent, shutdownStarted: () => boolean): Promise<Outcome> {
  const issuedBefore = !shutdownStarted();
  return new Promise((settle) => {
    const resolve = (o: Omit<Outcome, 'inFlightAtShutdown'>) =>
      settle({ ...o, inFlightAtShutdown: issuedBefore && shutdownStarted() });
    let bytes = 0;
    const req = request(
      url,
      { agent, headers: { accept: 'application/openmetrics-text' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          chunks.push(c);
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode, complete: body.endsWith('# EOF\n'), bytes });
        });
        res.on('error', (e: NodeJS.ErrnoException) =>
          resolve({ error: e.code ?? e.message, bytes }),
        );
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, bytes }));
    req.end();
  });
}

describe('shutdown order', () => {
  it('drains the endpoint before the provider shuts down: every answered scrape a whole 200', async () => {
    const telemetry = await startTelemetry({
      plugins: [prometheusExporter, slowPush],
      registerGlobal: false,
      logger: recordingLogger(),
      config: {
        resource: { detect: false },
        metrics: { exporters: ['prometheus', 'slowpush'] },
        exporters: { prometheus: { port: 0 } },
      } as never,
    });
    const url = telemetry.endpoints[0]!.url;
    const gauge = telemetry.meterProvider.getMeter('t').createObservableGauge('slow_gauge');
    // Each collection takes ~20 ms, so scrapes are in flight when shutdown starts.
    let collecting = false;
    gauge.addCallback(async (result) => {
      collecting = true;
      await delay(20);
      result.observe(1);
      collecting = false;
    });

    let shutdownStarted = false;
    const outcomes: Outcome[] = [];
    const deadline = Date.now() + 10_000;
    const worker = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; i < 500 && Date.now() < deadline; i++) {
          const outcome = await scrape(url, agent, () => shutdownStarted);
          outcomes.push(outcome);
          if (outcome.error) return; // the server is gone: stop, as a scraper would until its next interval
        }
      } finally {
        agent.destroy();
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    // Let every worker get a first answer, then shut down while a collection (and so an accepted
    // scrape) is under way.
    while ((outcomes.length < 4 || !collecting) && Date.now() < deadline) await delay(1);
    shutdownStarted = true;
    await telemetry.shutdown();
    await Promise.all(workers);

    const answered = outcomes.filter((o) => o.status !== undefined);
    expect(answered.filter((o) => o.status === 500)).toEqual([]);
    // The server drains before the provider shuts down, so no scrape ever meets a closed reader
    // (that would be a 503 here, a 500 before the scrape handler knew about shutdown).
    expect(answered.map((o) => o.status)).toEqual(answered.map(() => 200));
    expect(answered.filter((o) => o.status === 200).every((o) => o.complete)).toBe(true);
    // Scrapes in flight when shutdown began were answered in full.
    const inFlight = answered.filter((o) => o.inFlightAtShutdown);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.map((o) => o.status)).toEqual(inFlight.map(() => 200));
    // A connection refused or reset before any byte is a scrape the server never accepted;
    // nothing may break off mid-answer.
    const errors = outcomes.filter((o) => o.error !== undefined);
    expect(errors.filter((o) => o.bytes > 0)).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(4);
  });
});
