import type { Resource } from '@opentelemetry/resources';
import { resourceFromAttributes } from '@meterline/engine';
import { detectHostAndProcess } from './detect-host-process.js';
import type { ResolvedConfig } from './config/load.js';

// The service.* names of the semantic conventions (`ATTR_SERVICE_*`), stated here so a service does
// not load @opentelemetry/semantic-conventions to start.
const ATTR_SERVICE_NAME = 'service.name';
const ATTR_SERVICE_VERSION = 'service.version';
const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
const ATTR_SERVICE_NAMESPACE = 'service.namespace';

/**
 * Builds the resource: detected host.* and process.* attributes (when `resource.detect`), then
 * `resource.attributes` (`OTEL_RESOURCE_ATTRIBUTES`), then the service.* attributes from config,
 * which win so `OTEL_SERVICE_NAME` beats a `service.name` in `OTEL_RESOURCE_ATTRIBUTES` (OTel spec).
 */
export async function buildResource(config: ResolvedConfig): Promise<Resource> {
  let resource = resourceFromAttributes({});
  if (config.resource.detect) {
    // Never the command line: it can carry secrets, served on every scrape as `target_info`.
    const detected = detectHostAndProcess();
    await detected.waitForAsyncAttributes?.();
    resource = resourceFromAttributes(detected.attributes);
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
