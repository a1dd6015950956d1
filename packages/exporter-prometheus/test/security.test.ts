import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@meterline/sdk';
import { createTestPki, type TestPki } from '../../../test/support/tls.js';
import { createPrometheusReader } from '../src/reader.js';
import { loadWebConfig } from '../src/security/web-config.js';
import { startMetricsServer, type MetricsServer } from '../src/server.js';

let pki: TestPki;
const HASH = bcrypt.hashSync('s3cret', 10);

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

function webConfig(body: string): string {
  const path = join(pki.dir, `web-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, body);
  return path;
}

async function serve(
  configFile: string,
): Promise<{ server: MetricsServer; stop: () => Promise<void> }> {
  const prom = createPrometheusReader();
  const provider = new MeterProvider({ readers: [prom.reader] });
  provider.getMeter('sec').createCounter('secret_things').add(7);
  const server = await startMetricsServer({
    handler: prom.handler,
    port: 0,
    webConfig: loadWebConfig(configFile),
  });
  return {
    server,
    stop: async () => {
      await server.close();
      await provider.shutdown();
    },
  };
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

function httpsGet(url: string, options: { auth?: string; cert?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        ca: readFileSync(pki.caCert),
        cert: options.cert ? readFileSync(pki.clientCert) : undefined,
        key: options.cert ? readFileSync(pki.clientKey) : undefined,
        headers: options.auth
          ? { authorization: `Basic ${Buffer.from(options.auth).toString('base64')}` }
          : {},
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('web config', () => {
  it('loads TLS material and users, resolving files next to the config', () => {
    const path = webConfig(
      `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  alice: '${HASH}'\n`,
    );
    const config = loadWebConfig(path);
    expect(config.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(config.tls?.minVersion).toBe('TLSv1.2');
    expect([...config.users.keys()]).toEqual(['alice']);
  });

  it('rejects a plain password, an unknown key and a missing CA, naming file, line and key', () => {
    const path = webConfig(
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cert_fiel: x\nbasic_auth_users:\n  bob: hunter2\n',
    );
    let error: unknown;
    try {
      loadWebConfig(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`${path}:4:3: tls_server_config.cert_fiel: unknown key`);
    expect(message).toContain(`${path}:6:8: basic_auth_users.bob: expected a bcrypt hash`);
    expect(message).not.toContain('hunter2"');
    const noCa = webConfig(
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n',
    );
    expect(() => loadWebConfig(noCa)).toThrow(
      /client_ca_file: required when client_auth_type is RequireAndVerifyClientCert/,
    );
  });

  it('names a certificate file it cannot read', () => {
    const path = webConfig('tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n');
    expect(() => loadWebConfig(path)).toThrow(
      /tls_server_config.cert_file: cannot read nope.crt: ENOENT/,
    );
  });
});

describe('web config: unusable TLS material', () => {
  /** Loads `config`, returning the error message (the test fails when it loads). */
  function loadError(config: string): string {
    try {
      loadWebConfig(config);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`${config} loaded`);
  }
  /** A line from the middle of a PEM key: key material that must never be printed. */
  const keyLine = (file: string) => readFileSync(file, 'utf8').split('\n')[5]!;

  it('names the web-config file and key_file for a garbage key, without echoing it', () => {
    writeFileSync(
      join(pki.dir, 'garbage.key'),
      '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n',
    );
    const path = webConfig(
      'tls_server_config:\n  cert_file: server.crt\n  key_file: garbage.key\n',
    );
    const message = loadError(path);
    expect(message).toContain(
      `${path}:3:13: tls_server_config.key_file: garbage.key is not an unencrypted PEM private key (`,
    );
    expect(message).not.toContain('bm90IGEga2V5');
  });

  it('names the web-config file and cert_file for a garbage certificate', () => {
    writeFileSync(join(pki.dir, 'garbage.crt'), 'not a certificate\n');
    const path = webConfig(
      'tls_server_config:\n  cert_file: garbage.crt\n  key_file: server.key\n',
    );
    expect(loadError(path)).toContain(
      `${path}:2:14: tls_server_config.cert_file: garbage.crt is not a PEM certificate (`,
    );
  });

  it('names both files when the key does not match the certificate, without key material', () => {
    const path = webConfig('tls_server_config:\n  cert_file: server.crt\n  key_file: client.key\n');
    const message = loadError(path);
    expect(message).toContain(
      `${path}:3:13: tls_server_config.key_file: client.key does not match the certificate in cert_file server.crt`,
    );
    expect(message).not.toContain(keyLine(pki.clientKey));
    expect(message).not.toContain(keyLine(pki.serverKey));
  });
});

describe('server start with unusable TLS material', () => {
  it('rejects naming cert_file/key_file and the OpenSSL code, without key material', async () => {
    const { handler } = createPrometheusReader();
    const key = readFileSync(pki.clientKey);
    const start = startMetricsServer({
      handler,
      port: 0,
      webConfig: {
        tls: {
          cert: readFileSync(pki.serverCert),
          key,
          clientAuth: 'NoClientCert',
          minVersion: 'TLSv1.2',
        },
        users: new Map(),
        headers: {},
      },
    });
    const error = await start.then(
      async (server) => {
        await server.close();
        return new Error('started');
      },
      (e: Error) => e,
    );
    expect(error.message).toBe(
      "metrics server cannot use the web config's tls_server_config cert_file/key_file (ERR_OSSL_X509_KEY_VALUES_MISMATCH); check that the key is an unencrypted PEM key matching the certificate",
    );
    expect(error.message).not.toContain(key.toString('utf8').split('\n')[5]!);
  });
});

describe('TLS and basic auth', () => {
  it('serves over TLS to a client trusting the CA, and plain HTTP gets no metrics', async () => {
    const { server, stop } = await serve(
      webConfig('tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n'),
    );
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const answer = await httpsGet(server.url);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('secret_things_total{otel_scope_name="sec"} 7');
      const plain = await new Promise<string>((resolve) => {
        const req = httpRequest(server.url.replace('https:', 'http:'), (res) =>
          resolve(String(res.statusCode)),
        );
        req.on('error', (e) => resolve(`error: ${e.message}`));
        req.end();
      });
      expect(plain).not.toBe('200');
    } finally {
      await stop();
    }
  });

  it('answers 401 with WWW-Authenticate to missing, wrong and unknown credentials, 200 to right ones', async () => {
    const { server, stop } = await serve(
      webConfig(
        `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  alice: '${HASH}'\n`,
      ),
    );
    try {
      for (const auth of [undefined, 'alice:wrong', 'mallory:s3cret', 'alice']) {
        const answer = await httpsGet(server.url, { auth });
        expect(answer.status).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Basic realm="meterline", charset="UTF-8"');
        expect(answer.body).not.toContain('secret_things');
      }
      const ok = await httpsGet(server.url, { auth: 'alice:s3cret' });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('secret_things_total');
    } finally {
      await stop();
    }
  });

  it('requires a client certificate signed by the configured CA when asked to', async () => {
    const { server, stop } = await serve(
      webConfig(
        'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n',
      ),
    );
    try {
      expect((await httpsGet(server.url, { cert: true })).status).toBe(200);
      await expect(httpsGet(server.url)).rejects.toThrow();
    } finally {
      await stop();
    }
  });
});

describe('basic auth timing', () => {
  it('checks unknown users against a hash of the same cost as known users', async () => {
    const { BasicAuth } = await import('../src/security/basic-auth.js');
    const auth = new BasicAuth(new Map([['alice', bcrypt.hashSync('pw', 6)]]));
    const dummy = (auth as unknown as { dummyHash: string }).dummyHash;
    expect(bcrypt.getRounds(dummy)).toBe(6);
  });
});
