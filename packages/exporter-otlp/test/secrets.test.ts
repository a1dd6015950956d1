import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { recordingLogger } from '@meterline/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { otlpExporter } from '../src/plugin.js';

// Secrets fed through every path that writes a message: configuration errors from the
// environment, from a YAML file and from code, start-up log lines, the endpoint list, and the
// failure log of an export. None may contain the secret; each must still say what was wrong.

const TOKEN = 'tok-4f9c1e7a2b';
const PASSWORD = 'hunter2-pw-9931';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startError(options: Parameters<typeof startTelemetry>[0]): Promise<string> {
  try {
    const telemetry = await startTelemetry(options);
    await telemetry.shutdown();
  } catch (error) {
    return String(error);
  }
  throw new Error('startTelemetry did not fail');
}

const base = { plugins: [otlpExporter], registerGlobal: false, logger: recordingLogger() };

describe('no secret in any message', () => {
  it('a malformed OTEL_EXPORTER_OTLP_HEADERS names the variable, never its value', async () => {
    const message = await startError({
      ...base,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${TOKEN},=broken`,
      },
    });
    expect(message).toContain('env OTEL_EXPORTER_OTLP_HEADERS');
    expect(message).toContain('pair 2 of 2 has no name');
    expect(message).not.toContain(TOKEN);
  });

  it('a wrongly typed header value in YAML is not echoed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meterline-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'meterline.yaml');
    writeFileSync(
      file,
      ['exporters:', '  otlp:', '    headers:', '      x-api-key: 73519246803', ''].join('\n'),
    );
    const message = await startError({
      ...base,
      env: { METERLINE_CONFIG_FILE: file, OTEL_METRICS_EXPORTER: 'otlp' },
    });
    expect(message).toMatch(/meterline\.yaml:4:\d+: exporters\.otlp\.headers\.x-api-key/);
    expect(message).not.toContain('73519246803');
  });

  it('an invalid endpoint with credentials is reported without them', async () => {
    const message = await startError({
      ...base,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `htp://user:${PASSWORD}@collector:4318` },
    });
    expect(message).toContain('env OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(message).toContain('htp://***@collector:4318');
    expect(message).not.toContain(PASSWORD);
  });

  it('start-up lines, endpoints and export failures carry neither URL credentials nor header values', async () => {
    // A port that refuses connections: every export fails and is logged.
    const closed = await freePort();
    const logger = recordingLogger();
    const telemetry: TelemetryHandle = await startTelemetry({
      ...base,
      logger,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://svc:${PASSWORD}@127.0.0.1:${closed}`,
        OTEL_EXPORTER_OTLP_HEADERS: `x-token=${TOKEN}`,
        OTEL_METRIC_EXPORT_TIMEOUT: '2000',
      },
      config: { resource: { detect: false } },
    });
    cleanups.push(() => telemetry.shutdown());
    telemetry.meterProvider.getMeter('t').createCounter('c').add(1);
    await telemetry.forceFlush().catch(() => undefined);
    const text = [...logger.lines, ...telemetry.endpoints.map((e) => e.url)].join('\n');
    expect(text).toContain(`127.0.0.1:${closed}/v1/metrics`);
    expect(text).toMatch(/OTLP export to .* failed/);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(TOKEN);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
