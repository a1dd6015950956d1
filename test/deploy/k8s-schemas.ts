import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { createGenerator, type Config } from 'ts-json-schema-generator';
import { repoRoot } from '../support/real-parts.js';

/**
 * Strict JSON Schemas of the Kubernetes objects deploy/k8s uses, and ajv validators for them.
 *
 * Where the schemas come from: no well-kept npm package ships the Kubernetes OpenAPI as JSON
 * Schema (kubernetes-models ships ajv-compiled validators that accept unknown fields; the
 * kubernetes-client package's OpenAPI files stop at Kubernetes 1.13). `kubernetes-types` 1.30.0
 * holds every API type of Kubernetes 1.30, generated from its OpenAPI definitions, and
 * `@kubernetes-models/prometheus-operator` 6.0.0 the ServiceMonitor types generated from the
 * prometheus-operator monitoring.coreos.com/v1 API. `ts-json-schema-generator` turns those
 * TypeScript types into JSON Schema with `additionalProperties: false` everywhere (kubeconform's
 * "strict" mode), so a misspelt field fails like `kubectl apply --validate=strict` would.
 *
 * What the schemas check: field names at every depth, types (string, number, boolean, arrays,
 * maps), required fields, and the literal apiVersion/kind. Not checked: int32 ranges, quantity and
 * duration formats, enums the OpenAPI only describes in prose.
 */

const base: Config = {
  skipTypeCheck: true,
  additionalProperties: false,
  jsDoc: 'none',
  topRef: true,
  expose: 'export',
};

function schemaOf(path: string, type: string): Record<string, unknown> {
  return createGenerator({ ...base, path, type }).createSchema(type) as Record<string, unknown>;
}

const types = join(repoRoot, 'node_modules', 'kubernetes-types');
const operator = join(
  repoRoot,
  'node_modules',
  '@kubernetes-models',
  'prometheus-operator',
  'monitoring.coreos.com',
  'v1',
);

/** The objects deploy/k8s may hold, as `apiVersion/kind`, with where their type lives. */
const KINDS: Record<string, { path: string; type: string }> = {
  'apps/v1/Deployment': { path: join(types, 'apps', 'v1.d.ts'), type: 'Deployment' },
  'apps/v1/DaemonSet': { path: join(types, 'apps', 'v1.d.ts'), type: 'DaemonSet' },
  'apps/v1/StatefulSet': { path: join(types, 'apps', 'v1.d.ts'), type: 'StatefulSet' },
  'v1/Service': { path: join(types, 'core', 'v1.d.ts'), type: 'Service' },
  'v1/ConfigMap': { path: join(types, 'core', 'v1.d.ts'), type: 'ConfigMap' },
  'v1/Namespace': { path: join(types, 'core', 'v1.d.ts'), type: 'Namespace' },
};

/** ServiceMonitor: the CRD's spec type, wrapped in the object every CRD instance is. */
function serviceMonitorSchema(): Record<string, unknown> {
  const spec = schemaOf(join(operator, 'ServiceMonitorSpec.d.ts'), 'IServiceMonitorSpec') as {
    definitions: Record<string, unknown>;
  };
  const meta = schemaOf(join(types, 'meta', 'v1.d.ts'), 'ObjectMeta') as {
    definitions: Record<string, unknown>;
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      apiVersion: { const: 'monitoring.coreos.com/v1' },
      kind: { const: 'ServiceMonitor' },
      metadata: { $ref: '#/definitions/ObjectMeta' },
      spec: { $ref: '#/definitions/IServiceMonitorSpec' },
    },
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    definitions: { ...meta.definitions, ...spec.definitions },
  };
}

/** Validators by `apiVersion/kind`, compiled once (generation takes a second or two). */
export function kubernetesValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validators = new Map<string, ValidateFunction>();
  for (const [key, { path, type }] of Object.entries(KINDS)) {
    const schema = schemaOf(path, type) as { $ref: string; definitions: unknown };
    // kubernetes-types makes apiVersion and kind optional (the API server defaults them);
    // in a manifest they are required, and metadata with them.
    validators.set(
      key,
      ajv.compile({
        definitions: schema.definitions,
        allOf: [{ $ref: schema.$ref }, { required: ['apiVersion', 'kind', 'metadata'] }],
      }),
    );
  }
  validators.set('monitoring.coreos.com/v1/ServiceMonitor', ajv.compile(serviceMonitorSchema()));
  return validators;
}

/** Problems of one manifest document, `file#index path: message` each; empty when valid. */
export function validateManifest(
  validators: ReadonlyMap<string, ValidateFunction>,
  doc: unknown,
  where: string,
): string[] {
  const object = doc as { apiVersion?: unknown; kind?: unknown };
  const key = `${String(object?.apiVersion)}/${String(object?.kind)}`;
  const validate = validators.get(key);
  if (!validate) return [`${where}: no schema for ${key}`];
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${String((e.params as { additionalProperty: string }).additionalProperty)}"`
        : '';
    return `${where} ${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
  });
}
