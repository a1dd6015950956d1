import { status } from '@grpc/grpc-js';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAdmin } from './fake-admin.js';
import { startHarness, type Harness } from './harness.js';

const TOKEN = 'unit-admin-token-0123456789';
const bearer = `Bearer ${TOKEN}`;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let h: Harness;
const admin = new FakeAdmin();
let flushes = 0;

beforeAll(async () => {
  h = await startHarness(
    {
      admin: {
        bearerToken: TOKEN,
        basicAuthUsers: { viewer: bcrypt.hashSync('viewer-pass', 4) },
        viewers: ['viewer'],
        failureBurst: 3,
        failuresPerSecond: 0.001,
      },
    },
    {
      admin,
      config: {
        service: { name: 'svc' },
        metrics: { views: [{ instrument: 'http.*', drop: true }] },
        exporters: {
          otlp: { headers: { 'x-api-key': 'SECRET-1' }, endpoint: 'http://u:SECRET-2@h' },
        },
      },
      flushPushExporters: () => {
        flushes += 1;
        return Promise.resolve([
          {
            exporter: 'otlp',
            endpoints: ['http://127.0.0.1:4318/v1/metrics'],
            delivery: {
              pointsExported: 10,
              pointsFailed: 2,
              pointsRejected: 1,
              exportsSucceeded: 3,
              exportsFailed: 1,
              failuresByReason: { timeout: 1 },
              failingReason: 'timeout',
            },
          },
        ]);
      },
    },
  );
});

afterAll(async () => {
  await h?.close();
});

describe('MetricsAdminService against an EngineAdmin', () => {
  it('SetCardinalityLimit calls the engine and answers the changed instrument; 0 restores', async () => {
    const set = await h.call(
      'MetricsAdminService',
      'SetCardinalityLimit',
      { instrument: 'orders', limit: 10 },
      bearer,
    );
    expect(set.response).toEqual({
      instruments: [
        expect.objectContaining({
          name: 'orders',
          cardinalityLimit: 10,
          kind: 'INSTRUMENT_KIND_COUNTER',
        }),
      ],
    });
    await h.call(
      'MetricsAdminService',
      'SetCardinalityLimit',
      { instrument: 'orders', limit: 0 },
      bearer,
    );
    expect(admin.calls.slice(-2)).toEqual([
      'setCardinalityLimit orders 10',
      'setCardinalityLimit orders undefined',
    ]);
  });

  it('maps UnknownInstrumentError to NOT_FOUND naming the field', async () => {
    const r = await h.call(
      'MetricsAdminService',
      'SetInstrumentEnabled',
      { instrument: 'nope', enabled: false },
      bearer,
    );
    expect(r.error?.code).toBe(status.NOT_FOUND);
    expect(r.error?.details).toBe('instrument: no instrument is named "nope"');
  });

  it('refuses an empty instrument name with INVALID_ARGUMENT', async () => {
    const r = await h.call('MetricsAdminService', 'EvictSeries', { instrument: '' }, bearer);
    expect(r.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(r.error?.details).toBe('instrument: must not be empty');
  });

  it('passes validated matchers to evictSeries', async () => {
    const r = await h.call(
      'MetricsAdminService',
      'EvictSeries',
      {
        instrument: 'orders',
        matchers: [{ name: 'region', type: 'MATCH_TYPE_NOT_REGEX', value: 'e.*' }],
      },
      bearer,
    );
    expect(r.response).toEqual({ evicted: 2 });
    expect(admin.calls.at(-1)).toBe(
      'evictSeries orders [{"name":"region","type":"!~","value":"e.*"}]',
    );
  });

  it('SetExemplarFilter answers the previous and the current filter', async () => {
    const r = await h.call(
      'MetricsAdminService',
      'SetExemplarFilter',
      { filter: 'EXEMPLAR_FILTER_ALWAYS_ON' },
      bearer,
    );
    expect(r.response).toEqual({
      previous: 'EXEMPLAR_FILTER_TRACE_BASED',
      current: 'EXEMPLAR_FILTER_ALWAYS_ON',
    });
  });

  it('GetConfig redacts header values, URL credentials and tokens', async () => {
    const r = await h.call<{ configJson: string }>('MetricsAdminService', 'GetConfig', {}, bearer);
    const json = r.response!.configJson;
    expect(json).not.toContain('SECRET-1');
    expect(json).not.toContain('SECRET-2');
    expect(JSON.parse(json)).toMatchObject({
      service: { name: 'svc' },
      exporters: { otlp: { headers: '<redacted>', endpoint: 'http://<redacted>@h' } },
    });
  });

  it('ListViews answers the configured views', async () => {
    const r = await h.call<{ views: object[] }>('MetricsAdminService', 'ListViews', {}, bearer);
    expect(r.response!.views).toEqual([
      expect.objectContaining({
        instrument: 'http.*',
        drop: true,
        viewJson: '{"instrument":"http.*","drop":true}',
      }),
    ]);
  });

  it('ForceFlush flushes and answers the delivery accounting', async () => {
    const r = await h.call('MetricsAdminService', 'ForceFlush', {}, bearer);
    expect(flushes).toBe(1);
    expect(r.response).toEqual({
      deliveries: [
        {
          exporter: 'otlp',
          endpoints: ['http://127.0.0.1:4318/v1/metrics'],
          flushError: '',
          hasAccounting: true,
          pointsExported: 10,
          pointsFailed: 2,
          pointsRejected: 1,
          exportsSucceeded: 3,
          exportsFailed: 1,
          failuresByReason: { timeout: 1 },
          failingReason: 'timeout',
        },
      ],
    });
  });

  it('Health answers every check of the registry', async () => {
    h.health.register(
      'queue',
      () => ({ status: 'unhealthy', message: 'stuck', details: { depth: 9 } }),
      { liveness: true },
    );
    const r = await h.call('MetricsAdminService', 'Health', {}, bearer);
    expect(r.response).toMatchObject({
      status: 'HEALTH_STATUS_UNHEALTHY',
      live: false,
      ready: false,
      checks: [
        expect.objectContaining({ name: 'queue', message: 'stuck', detailsJson: '{"depth":9}' }),
      ],
    });
  });
});

describe('admin authentication and audit', () => {
  it('lets a viewer read and refuses its changes with PERMISSION_DENIED', async () => {
    const read = await h.call(
      'MetricsAdminService',
      'ListViews',
      {},
      basic('viewer', 'viewer-pass'),
    );
    expect(read.error).toBeUndefined();
    const change = await h.call(
      'MetricsAdminService',
      'SetExemplarFilter',
      { filter: 'EXEMPLAR_FILTER_ALWAYS_OFF' },
      basic('viewer', 'viewer-pass'),
    );
    expect(change.error?.code).toBe(status.PERMISSION_DENIED);
  });

  it('logs who did what with which result, never the credential', () => {
    expect(h.logs).toContain(
      'info grpc admin: action=SetCardinalityLimit who=bearer peer=127.0.0.1 instrument="orders" limit=10 result=OK: done',
    );
    expect(h.logs).toContain(
      'warn grpc admin: action=SetInstrumentEnabled who=bearer peer=127.0.0.1 instrument="nope" enabled=false result=NOT_FOUND: instrument: no instrument is named "nope"',
    );
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    expect(h.logs.join('\n')).not.toContain('viewer-pass');
  });

  it('answers UNAUTHENTICATED, then RESOURCE_EXHAUSTED once the peer spent its failures', async () => {
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push(
        (await h.call('MetricsAdminService', 'Health', {}, 'Bearer wrong-wrong-wrong')).error?.code,
      );
    }
    expect(codes).toEqual([
      status.UNAUTHENTICATED,
      status.UNAUTHENTICATED,
      status.UNAUTHENTICATED,
      status.RESOURCE_EXHAUSTED,
      status.RESOURCE_EXHAUSTED,
    ]);
    // The metrics service still answers.
    expect((await h.call('MetricsService', 'ListInstruments', {})).error).toBeUndefined();
  });
});

describe('an admin service without credentials', () => {
  it('refuses every call with PERMISSION_DENIED and says so at start', async () => {
    const closed = await startHarness({}, { admin: new FakeAdmin() });
    try {
      const r = await closed.call('MetricsAdminService', 'Health', {});
      expect(r.error?.code).toBe(status.PERMISSION_DENIED);
      expect(r.error?.details).toBe(
        'the admin service has no credentials configured (admin.bearerToken or admin.basicAuthUsers)',
      );
      expect(
        closed.logs.some((l) =>
          l.includes('has no credentials configured: every admin call is refused'),
        ),
      ).toBe(true);
    } finally {
      await closed.close();
    }
  });
});
