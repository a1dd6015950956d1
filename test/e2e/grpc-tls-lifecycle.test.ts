import { prometheusExporter } from '@meterline/exporter-prometheus';
import { grpcServices } from '@meterline/grpc';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../support/poll.js';
import { pyCall, pyHealth, pyWatch, type PyTarget } from '../support/python-grpc.js';
import { createTestPki, type TestPki } from '../support/tls.js';

// The grpc plug-in over TLS with client certificates required, judged by Debian's python3-grpcio,
// and its shutdown: an open Watch ends with UNAVAILABLE when telemetry shuts down.

let pki: TestPki;
let telemetry: TelemetryHandle | undefined;
let address: string;
const logs: string[] = [];
const TOKEN = 'tls-admin-token-0123456789';

beforeAll(async () => {
  pki = createTestPki();
  telemetry = await startTelemetry({
    plugins: [prometheusExporter, grpcServices],
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    env: {},
    registerGlobal: false,
    defaults: { service: { name: 'grpc-tls-e2e' } },
    config: {
      metrics: { exporters: ['prometheus', 'grpc'], runtime: { enabled: false } },
      exporters: {
        prometheus: { port: 0, host: '127.0.0.1' },
        grpc: {
          port: 0,
          watchMinIntervalMillis: 50,
          tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert },
          admin: { bearerToken: TOKEN },
        },
      },
    },
  });
  telemetry.meterProvider.getMeter('tls').createCounter('tls.calls').add(2, { ok: 'yes' });
  const url = telemetry.endpoints.find((e) => e.exporter === 'grpc')!.url;
  expect(url).toMatch(/^grpcs:\/\/127\.0\.0\.1:\d+$/);
  address = url.replace('grpcs://', '');
}, 120_000);

afterAll(async () => {
  await telemetry?.shutdown();
});

describe('TLS with client certificates', () => {
  it('serves a client that presents a certificate of the configured CA', async () => {
    const client: PyTarget = {
      target: address,
      tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey },
    };
    const result = await pyCall<{ metrics: { points: { number: number }[] }[] }>(
      client,
      'metrics',
      'Query',
      { instrument: 'tls.calls' },
    );
    expect(result.response!.metrics[0]!.points[0]!.number).toBe(2);
    expect(await pyHealth(client, '')).toEqual({ response: { status: 'SERVING' } });
  });

  it('names the client certificate in the admin audit line', async () => {
    const client: PyTarget = {
      target: address,
      token: TOKEN,
      tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey },
    };
    expect((await pyCall(client, 'admin', 'Health')).error).toBeUndefined();
    expect(logs).toContain(
      'grpc admin: action=Health who=bearer peer=127.0.0.1 cert="test-client" result=OK: done',
    );
  });

  it('refuses a client without a certificate, and a plaintext client', async () => {
    const noCert = await pyCall(
      { target: address, tls: { ca: pki.caCert } },
      'metrics',
      'ListInstruments',
    );
    expect(noCert.error?.code).toBe('UNAVAILABLE');
    const plain = await pyCall({ target: address }, 'metrics', 'ListInstruments');
    expect(plain.error?.code).toBe('UNAVAILABLE');
  });
});

describe('shutdown', () => {
  it('ends an open Watch with UNAVAILABLE and stops listening', async () => {
    const client: PyTarget = {
      target: address,
      tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey },
    };
    let seen = 0;
    const watch = pyWatch(
      client,
      { query: { instrument: 'tls.calls' }, interval_ms: 50 },
      0,
      () => {
        seen += 1;
      },
    );
    await pollUntil(() => (seen >= 2 ? true : undefined), { what: 'two watch updates' });
    const stopping = telemetry!.shutdown();
    const { end } = await watch;
    await stopping;
    telemetry = undefined;
    expect(end).toEqual({ code: 'UNAVAILABLE', details: 'the server is shutting down' });
    const after = await pyCall(client, 'metrics', 'ListInstruments');
    expect(after.error?.code).toBe('UNAVAILABLE');
  });
});
