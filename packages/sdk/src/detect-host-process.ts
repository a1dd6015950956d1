import { diag, type AnyValue } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { resourceFromAttributes } from '@meterline/engine';
import { getMachineId } from './machine-id.js';

const { arch, hostname, userInfo } = process.getBuiltinModule('node:os');

/**
 * The host.* and process.* attributes of `@opentelemetry/resources`' `hostDetector` and
 * `processDetector`, merged as `detectResources({ detectors: [hostDetector, processDetector] })`
 * merges them (process attributes first, host.id a promise until `waitForAsyncAttributes`). Stated
 * here so a service does not load that package to start; packages/sdk/test/resource-differential.test.ts holds
 * it to the library. Leaves out the command line (`process.command`, `process.command_args`),
 * which can carry secrets and would be served on every scrape as `target_info`.
 */
export function detectHostAndProcess(): Resource {
  return resourceFromAttributes({
    'host.name': hostname(),
    'host.arch': normalizeArch(arch()),
    'host.id': getMachineId(),
  }).merge(resourceFromAttributes(processAttributes()));
}

/** Node's `os.arch()` as the semantic conventions name it. */
function normalizeArch(nodeArch: string): string {
  switch (nodeArch) {
    case 'arm':
      return 'arm32';
    case 'ppc':
      return 'ppc32';
    case 'x64':
      return 'amd64';
    default:
      return nodeArch;
  }
}

function processAttributes(): Record<string, AnyValue> {
  const attributes: Record<string, AnyValue> = {
    'process.pid': process.pid,
    'process.executable.name': process.title,
    'process.executable.path': process.execPath,
    'process.runtime.version': process.versions.node,
    'process.runtime.name': 'nodejs',
    'process.runtime.description': 'Node.js',
  };
  try {
    attributes['process.owner'] = userInfo().username;
  } catch (e) {
    diag.debug(`error obtaining process owner: ${String(e)}`);
  }
  return attributes;
}
