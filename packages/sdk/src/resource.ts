import {
  detectResources,
  hostDetector,
  processDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAMESPACE,
} from '@opentelemetry/semantic-conventions';
import type { ResolvedConfig } from './config/load.js';

/**
 * Process attributes that can carry secrets (a password passed on the command line, say). They
 * would end up in `target_info` on every scrape, so they are never detected.
 */
const UNSAFE_PROCESS_ATTRIBUTES = [
  'process.command',
  'process.command_line',
  'process.command_args',
];

/**
 * Builds the resource: detected host.* and process.* attributes (when `resource.detect`), then
 * `resource.attributes` (`OTEL_RESOURCE_ATTRIBUTES`), then the service.* attributes from config,
 * which win so `OTEL_SERVICE_NAME` beats a `service.name` in `OTEL_RESOURCE_ATTRIBUTES` (OTel spec).
 */
export async function buildResource(config: ResolvedConfig): Promise<Resource> {
  let resource = resourceFromAttributes({});
  if (config.resource.detect) {
    const detected = detectResources({ detectors: [hostDetector, processDetector] });
    await detected.waitForAsyncAttributes?.();
    const safe = Object.fromEntries(
      Object.entries(detected.attributes).filter(([k]) => !UNSAFE_PROCESS_ATTRIBUTES.includes(k)),
    );
    resource = resourceFromAttributes(safe);
  }
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
