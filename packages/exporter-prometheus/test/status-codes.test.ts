import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusReader } from '../src/reader.js';
import { startMetricsServer, type MetricsServerOptions } from '../src/server.js';

// Issue #12: what the endpoint answers, per RFC 9110/6585, to requests that never reach a handler,
// on real loopback sockets.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serve(options: Partial<MetricsServerOptions> = {}) {
  const prom = createPrometheusReader();
  const provider = new MeterProvider({ readers: [prom.reader] });
  provider.getMeter('codes').createCounter('hits').add(1);
  const server = await startMetricsServer({ handler: prom.handler, port: 0, ...options });
  cleanups.push(async () => {
    await server.close();
    await provider.shutdown();
  });
  return { server, port: server.port };
}

interface RawAnswer {
  /** Everything the server sent before closing. */
  readonly text: string;
  /** Milliseconds from connecting until the server closed the connection. */
  readonly closedAfterMs: number;
}

/** Sends `payload` on a fresh connection and collects the answer until the server closes it. */
function raw(port: number, payload: string, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connection still open after ${timeoutMs} ms; got ${JSON.stringify(text)}`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', () => {}); // a reset after the answer still counts as closed
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedAfterMs: performance.now() - started });
    });
  });
}

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('status codes of rejected requests', () => {
  it('answers 408 when the request head is not complete within headersTimeoutMs, then closes', async () => {
    const { port } = await serve({ headersTimeoutMs: 300 });
    const answer = await raw(port, 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(answer.closedAfterMs).toBeLessThan(2000);
  });

  it('answers 408 to a connection that sends nothing and closes it', async () => {
    const { port } = await serve({ headersTimeoutMs: 300 });
    const answer = await raw(port, '');
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer.closedAfterMs).toBeLessThan(2000);
  });

  it('answers 414 to a URL over 2048 bytes and to one over the 16 KiB header limit, 431 to big headers', async () => {
    const { server, port } = await serve();
    expect((await get(`${server.url}?${'x'.repeat(3000)}`)).status).toBe(414);
    const huge = await raw(port, `GET /metrics?${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    expect(huge.text).toMatch(/^HTTP\/1\.1 414 URI Too Long\r\n/);
    const headers = await raw(
      port,
      `GET /metrics HTTP/1.1\r\nHost: a\r\nx-big: ${'y'.repeat(20_000)}\r\n\r\n`,
    );
    expect(headers.text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect((await get(server.url)).status).toBe(200);
  });

  it('answers 400 to a malformed request line and closes the connection though the client never does', async () => {
    const { port } = await serve();
    const answer = await raw(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer.closedAfterMs).toBeLessThan(2000);
  });
});

describe('gzip per Accept-Encoding on the endpoint', () => {
  it.each([
    ['gzip;q=0, *', undefined],
    ['*;q=0', undefined],
    ['gzip;q=0, identity;q=0', undefined],
    ['identity;q=0', undefined],
    ['*', 'gzip'],
    ['gzip, identity;q=0', 'gzip'],
    ['*;q=0, gzip;q=0.5', 'gzip'],
  ])('Accept-Encoding %j gets content-encoding %j', async (acceptEncoding, expected) => {
    const { server } = await serve();
    const answer = await get(server.url, { 'accept-encoding': acceptEncoding });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(expected);
  });
});

describe('connection limits', () => {
  it('closes an idle keep-alive connection after keepAliveTimeoutMs', async () => {
    const { port } = await serve({ keepAliveTimeoutMs: 200 });
    const answer = await raw(port, 'GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(answer.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.text).toMatch(/keep-alive: timeout=0?\.?\d*/i);
    // Node adds its keepAliveTimeoutBuffer (1 s) to the socket timeout; its default is 5 s.
    expect(answer.closedAfterMs).toBeLessThan(3000);
  });

  it('accepts at most maxConnections at once and serves again once they are gone', async () => {
    const { server, port } = await serve({ maxConnections: 2 });
    // Two keep-alive connections, each proven accepted by an answered request, then held open.
    const held = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(port, '127.0.0.1', () =>
              socket.write('GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n'),
            );
            socket.once('data', () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    cleanups.push(() => held.forEach((s) => s.destroy()));
    const over = await raw(port, 'GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(over.text).toBe('');
    held.forEach((s) => s.destroy());
    const deadline = Date.now() + 5000;
    let status: number | string = 'none';
    while (status !== 200 && Date.now() < deadline) {
      status = await get(server.url).then(
        (a) => a.status,
        (e: Error) => e.message,
      );
    }
    expect(status).toBe(200);
  });
});
