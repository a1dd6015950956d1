import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import type { ConfigLayer } from '../src/config/schema.js';
import { silentLogger } from '@meterline/plugin';
import { buildResource } from '../src/resource.js';
import { startTelemetry, type TelemetryHandle } from '../src/start-telemetry.js';
import { fakePlugin } from './helpers.js';

function resourceOf(env: Record<string, string>, config?: ConfigLayer) {
  return buildResource(loadConfig({ plugins: [], env, config }));
}

describe('buildResource', () => {
  it('carries the service name, version, namespace and instance id from config', async () => {
    const resource = await resourceOf(
      {},
      {
        service: { name: 'checkout', version: '1.2.3', namespace: 'shop', instanceId: 'pod-7' },
        resource: { detect: false },
      },
    );
    expect(resource.attributes).toEqual({
      'service.name': 'checkout',
      'service.version': '1.2.3',
      'service.namespace': 'shop',
      'service.instance.id': 'pod-7',
    });
  });

  it('generates an instance id and defaults the name when config sets neither', async () => {
    const resource = await resourceOf({}, { resource: { detect: false } });
    expect(resource.attributes['service.name']).toBe('unknown_service:node');
    expect(resource.attributes['service.instance.id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(resource.attributes).not.toHaveProperty('service.version');
    expect(resource.attributes).not.toHaveProperty('service.namespace');
  });

  it('takes service.name and service.instance.id from OTEL_RESOURCE_ATTRIBUTES when nothing else sets them', async () => {
    const resource = await resourceOf(
      { OTEL_RESOURCE_ATTRIBUTES: 'service.name=billing,service.instance.id=pod-1' },
      { resource: { detect: false } },
    );
    expect(resource.attributes['service.name']).toBe('billing');
    expect(resource.attributes['service.instance.id']).toBe('pod-1');
  });

  it('adds the attributes of OTEL_RESOURCE_ATTRIBUTES', async () => {
    const resource = await resourceOf(
      { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=a%20b' },
      { resource: { detect: false }, service: { instanceId: 'i' } },
    );
    expect(resource.attributes).toEqual({
      'deployment.environment': 'prod',
      team: 'a b',
      'service.name': 'unknown_service:node',
      'service.instance.id': 'i',
    });
  });

  it('lets OTEL_SERVICE_NAME beat service.name in OTEL_RESOURCE_ATTRIBUTES', async () => {
    const resource = await resourceOf(
      { OTEL_SERVICE_NAME: 'from-name-var', OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' },
      { resource: { detect: false } },
    );
    expect(resource.attributes['service.name']).toBe('from-name-var');
  });

  it('adds detected host and process attributes, but never the command line', async () => {
    const resource = await resourceOf({}, { service: { name: 'svc' } });
    expect(resource.attributes['process.pid']).toBe(process.pid);
    expect(resource.attributes['host.name']).toEqual(expect.any(String));
    expect(resource.attributes).not.toHaveProperty('process.command_args');
    expect(resource.attributes).not.toHaveProperty('process.command');
    expect(resource.attributes).not.toHaveProperty('process.command_line');
    expect(resource.attributes['service.name']).toBe('svc');
  });

  it('lets configured attributes override detected ones', async () => {
    const resource = await resourceOf({ OTEL_RESOURCE_ATTRIBUTES: 'host.name=configured' });
    expect(resource.attributes['host.name']).toBe('configured');
  });

  it('detects nothing with resource.detect false', async () => {
    const resource = await resourceOf({}, { resource: { detect: false } });
    const keys = Object.keys(resource.attributes);
    expect(keys.filter((k) => k.startsWith('host.') || k.startsWith('process.'))).toEqual([]);
  });
});

describe('the resource of startTelemetry', () => {
  let handle: TelemetryHandle | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
  });

  it('has the service attributes, OTEL_RESOURCE_ATTRIBUTES and no command line', async () => {
    handle = await startTelemetry({
      plugins: [fakePlugin()],
      logger: silentLogger,
      registerGlobal: false,
      env: {
        OTEL_SERVICE_NAME: 'agent',
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=ignored,region=eu-west-1',
      },
      defaults: { service: { version: '0.9.0' } },
    });
    const attributes = handle.resource.attributes;
    expect(attributes['service.name']).toBe('agent');
    expect(attributes['service.version']).toBe('0.9.0');
    expect(attributes['service.instance.id']).toBe(handle.config.service.instanceId);
    expect(attributes['region']).toBe('eu-west-1');
    expect(attributes['process.pid']).toBe(process.pid);
    expect(attributes).not.toHaveProperty('process.command_args');
  });
});
