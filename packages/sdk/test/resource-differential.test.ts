import {
  detectResources,
  hostDetector,
  processDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import {
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_NAMESPACE,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../src/config/load.js';
import type { ConfigLayer } from '../src/config/schema.js';
import { detectHostAndProcess } from '../src/detect-host-process.js';
import { buildResource } from '../src/resource.js';

// The oracle is @opentelemetry/resources: Meterline's host and process detection and its
// buildResource must give what the library's detectors, resourceFromAttributes and merge give.

const COMMAND_LINE = ['process.command', 'process.command_line', 'process.command_args'];

/** The library's detection, less the command line Meterline never serves. */
async function libraryDetection(): Promise<Resource> {
  const detected = detectResources({ detectors: [hostDetector, processDetector] });
  await detected.waitForAsyncAttributes?.();
  return resourceFromAttributes(
    Object.fromEntries(
      Object.entries(detected.attributes).filter(([k]) => !COMMAND_LINE.includes(k)),
    ),
  );
}

/** buildResource as it was written on the library (before Meterline stated it itself). */
async function libraryBuild(config: ResolvedConfig): Promise<Resource> {
  let resource = resourceFromAttributes({});
  if (config.resource.detect) resource = await libraryDetection();
  const service: Record<string, string> = {
    [ATTR_SERVICE_NAME]: config.service.name,
    [ATTR_SERVICE_INSTANCE_ID]: config.service.instanceId,
  };
  if (config.service.version) service[ATTR_SERVICE_VERSION] = config.service.version;
  if (config.service.namespace) service[ATTR_SERVICE_NAMESPACE] = config.service.namespace;
  return resource
    .merge(resourceFromAttributes({ ...config.resource.attributes }))
    .merge(resourceFromAttributes(service));
}

describe('host and process detection', () => {
  it('gives the attributes of the library hostDetector and processDetector, less the command line', async () => {
    const detected = detectHostAndProcess();
    expect(detected.asyncAttributesPending).toBe(true);
    await detected.waitForAsyncAttributes?.();
    const expected = await libraryDetection();
    expect(Object.entries(detected.attributes)).toEqual(Object.entries(expected.attributes));
    expect(detected.schemaUrl).toBe(expected.schemaUrl);
    // What the comparison covered on this machine.
    expect(detected.attributes['process.pid']).toBe(process.pid);
    expect(detected.attributes['host.name']).toEqual(expect.any(String));
    expect(detected.attributes['host.arch']).toEqual(expect.any(String));
    for (const key of COMMAND_LINE) expect(detected.attributes).not.toHaveProperty(key);
  });
});

describe('buildResource', () => {
  const cases: { name: string; env: Record<string, string>; config?: ConfigLayer }[] = [
    { name: 'defaults, detected', env: {} },
    { name: 'defaults, no detection', env: {}, config: { resource: { detect: false } } },
    {
      name: 'all service settings',
      env: {},
      config: {
        service: { name: 'checkout', version: '1.2.3', namespace: 'shop', instanceId: 'pod-7' },
      },
    },
    {
      name: 'OTEL_RESOURCE_ATTRIBUTES over detected host.name and process.pid',
      env: {
        OTEL_RESOURCE_ATTRIBUTES:
          'host.name=configured,process.pid=1,deployment.environment=prod,team=a%20b',
      },
    },
    {
      name: 'OTEL_SERVICE_NAME over service.name in OTEL_RESOURCE_ATTRIBUTES',
      env: {
        OTEL_SERVICE_NAME: 'from-name-var',
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,service.instance.id=pod-1',
      },
    },
    {
      name: 'service.* from OTEL_RESOURCE_ATTRIBUTES only',
      env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=billing,service.instance.id=pod-1' },
      config: { resource: { detect: false } },
    },
    {
      name: 'configured attributes',
      env: { OTEL_RESOURCE_ATTRIBUTES: 'region=eu' },
      config: { resource: { attributes: { region: 'us', 'host.arch': 'configured' } } },
    },
  ];

  for (const { name, env, config } of cases) {
    it(`gives what the library gives: ${name}`, async () => {
      const resolved = loadConfig({ plugins: [], env, config });
      const actual = await buildResource(resolved);
      const expected = await libraryBuild(resolved);
      expect(Object.entries(actual.attributes)).toEqual(Object.entries(expected.attributes));
      expect(actual.schemaUrl).toBe(expected.schemaUrl);
      expect(actual.asyncAttributesPending).toBe(false);
    });
  }
});
