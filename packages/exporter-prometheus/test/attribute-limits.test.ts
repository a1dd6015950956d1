import { startTelemetry } from '@meterline/sdk';
import { recordingLogger } from '@meterline/testing';
import { describe, expect, it } from 'vitest';
import { prometheusExporter } from '../src/plugin.js';

// One attribute value of 1 MB used to be stored in a series and written into every scrape.
describe('attribute limits on the scraped body', () => {
  it('serves a 1 MB attribute value cut to 1024 characters', async () => {
    const telemetry = await startTelemetry({
      plugins: [prometheusExporter],
      registerGlobal: false,
      logger: recordingLogger(),
      config: {
        resource: { detect: false },
        metrics: { runtime: { enabled: false } },
        exporters: { prometheus: { port: 0 } },
      } as never,
    });
    try {
      telemetry.meterProvider
        .getMeter('t')
        .createCounter('uploads')
        .add(2, { file: 'f'.repeat(1_000_000) });
      const response = await fetch(telemetry.endpoints[0]!.url);
      const body = await response.text();
      expect(response.status).toBe(200);
      expect(body).toContain(`uploads_total{file="${'f'.repeat(1024)}",otel_scope_name="t"} 2`);
      expect(body).not.toContain('f'.repeat(1025));
      expect(body.length).toBeLessThan(4096);
    } finally {
      await telemetry.shutdown();
    }
  });
});
