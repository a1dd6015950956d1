import { afterEach, describe, expect, it } from 'vitest';
import { startRegistryServer, type RegistryServer } from '../src/registry-server.js';
import { RegistryStore } from '../src/registry-store.js';
import { ReplicatorConfigError, readReplicatorConfig } from '../src/config.js';

let registry: RegistryServer | undefined;
afterEach(async () => registry?.close());

const call = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${registry!.url}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('registry server', () => {
  it('creates (201), replaces (200), lists by name and deletes (204)', async () => {
    registry = await startRegistryServer(new RegistryStore(10), '127.0.0.1', 0);
    expect((await call('/api/v2.0/resources/project/b', 'PUT', { spec: { v: 1 } })).status).toBe(
      201,
    );
    expect((await call('/api/v2.0/resources/project/a', 'PUT', { spec: {} })).status).toBe(201);
    const replaced = await call('/api/v2.0/resources/project/b', 'PUT', { spec: { v: 2 } });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { version: number }).version).toBe(2);
    const list = (await (await call('/api/v2.0/resources/project')).json()) as { name: string }[];
    expect(list.map((r) => r.name)).toEqual(['a', 'b']);
    expect((await call('/api/v2.0/resources/project/a', 'DELETE')).status).toBe(204);
    expect((await call('/api/v2.0/resources/project/a', 'DELETE')).status).toBe(404);
  });

  it('refuses creates past the quota with 403, but not replacements', async () => {
    registry = await startRegistryServer(new RegistryStore(1), '127.0.0.1', 0);
    await call('/api/v2.0/resources/robot/r1', 'PUT', { spec: {} });
    const refused = await call('/api/v2.0/resources/robot/r2', 'PUT', { spec: {} });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'quota exceeded: 1 of 1 resources used' });
    expect((await call('/api/v2.0/resources/robot/r1', 'PUT', { spec: { a: 1 } })).status).toBe(
      200,
    );
    expect(await (await call('/api/v2.0/quota')).json()).toEqual({ used: 1, limit: 1 });
  });

  it('answers 503 to every API call while down, and names bad input', async () => {
    registry = await startRegistryServer(new RegistryStore(1), '127.0.0.1', 0);
    expect((await call('/api/v2.0/resources/widget')).status).toBe(404);
    const bad = await call('/api/v2.0/resources/project/x', 'PUT', { spec: [] });
    expect(await bad.json()).toEqual({ error: 'body.spec: expected a JSON object' });
    expect((await call('/admin/outage', 'PUT', { down: 'yes' })).status).toBe(400);
    expect((await call('/admin/outage', 'PUT', { down: true })).status).toBe(200);
    expect((await call('/api/v2.0/health')).status).toBe(503);
    expect((await call('/admin/outage', 'PUT', { down: false })).status).toBe(200);
    expect((await call('/api/v2.0/health')).status).toBe(200);
  });
});

describe('readReplicatorConfig', () => {
  it('has the fleet defaults and reads every variable', () => {
    expect(readReplicatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 9470,
      sourceRegistryPort: 0,
      targetRegistryPort: 0,
      syncIntervalMs: 10_000,
      targetQuota: 1000,
      workload: true,
    });
    expect(
      readReplicatorConfig({
        REPLICATOR_METRICS_PORT: '0',
        REPLICATOR_SYNC_INTERVAL_MS: '0',
        DEMO_WORKLOAD: 'off',
      }),
    ).toMatchObject({ port: 0, syncIntervalMs: 0, workload: false });
  });

  it('names the bad variable and its value', () => {
    expect(() => readReplicatorConfig({ REPLICATOR_TARGET_QUOTA: '-1' })).toThrow(
      ReplicatorConfigError,
    );
    expect(() => readReplicatorConfig({ REPLICATOR_TARGET_QUOTA: '-1' })).toThrow(
      'REPLICATOR_TARGET_QUOTA: expected an integer 0-1000000000, got "-1"',
    );
  });
});
