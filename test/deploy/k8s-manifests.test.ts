import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/real-parts.js';
import { kubernetesValidators, validateManifest } from './k8s-schemas.js';

const dir = join(repoRoot, 'deploy', 'k8s');
const manifestFiles = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .sort();

function documents(file: string): unknown[] {
  return parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return d.toJS() as unknown;
  });
}

let validators: Map<string, ValidateFunction>;
beforeAll(() => {
  validators = kubernetesValidators();
});

describe('deploy/k8s manifests', () => {
  it('are all listed in kustomization.yaml, and it lists nothing else', () => {
    const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    expect([...kustomization.resources].sort()).toEqual(manifestFiles);
  });

  it.each(manifestFiles)('%s validates against the Kubernetes 1.30 schemas, strictly', (file) => {
    const docs = documents(file);
    expect(docs.length).toBeGreaterThan(0);
    const problems = docs.flatMap((doc, i) => validateManifest(validators, doc, `${file}#${i}`));
    expect(problems).toEqual([]);
  });

  it('holds the demo service with its Service and ServiceMonitor, the agent DaemonSet, the gateway Deployment and the vmagent StatefulSet', () => {
    const kinds = manifestFiles.flatMap((file) =>
      documents(file).map((d) => {
        const o = d as { kind: string; metadata: { name: string } };
        return `${o.kind}/${o.metadata.name}`;
      }),
    );
    expect(kinds.sort()).toEqual(
      [
        'ConfigMap/otel-agent-config',
        'ConfigMap/otel-gateway-config',
        'DaemonSet/otel-agent',
        'Deployment/job-server',
        'Deployment/otel-gateway',
        'Namespace/meterline',
        'Service/job-server',
        'Service/otel-gateway',
        'Service/otel-gateway-peers',
        'ServiceMonitor/job-server',
        'StatefulSet/vmagent',
        'Service/vmagent',
      ].sort(),
    );
  });

  it('runs vmagent with collector-config/vmagent.flags and its queue on a PersistentVolumeClaim', () => {
    const [set] = documents('vmagent.yaml') as {
      spec: {
        template: {
          spec: {
            containers: {
              args: string[];
              volumeMounts: { name: string; mountPath: string }[];
            }[];
          };
        };
        volumeClaimTemplates: {
          metadata: { name: string };
          spec: { resources: { requests: { storage: string } } };
        }[];
      };
    }[];
    const flags = readFileSync(join(repoRoot, 'collector-config', 'vmagent.flags'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((flag) =>
        flag.replace('-httpListenAddr=127.0.0.1:8429', '-httpListenAddr=$(POD_IP):8429'),
      );
    const container = set!.spec.template.spec.containers[0]!;
    expect(container.args).toEqual([
      ...flags,
      '-remoteWrite.url=http://victoria-metrics.monitoring.svc:8428/api/v1/write',
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'queue', mountPath: '/var/lib/vmagent/queue' },
    ]);
    expect(flags).toContain('-remoteWrite.tmpDataPath=/var/lib/vmagent/queue');
    expect(set!.spec.volumeClaimTemplates.map((t) => t.metadata.name)).toEqual(['queue']);
    expect(set!.spec.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('4Gi');
  });

  it('mounts ConfigMaps whose data is exactly collector-config/', () => {
    const maps = documents('collector-configmaps.yaml') as {
      metadata: { name: string };
      data: Record<string, string>;
    }[];
    for (const [name, file] of [
      ['otel-agent-config', 'agent.yaml'],
      ['otel-gateway-config', 'gateway.yaml'],
    ] as const) {
      const map = maps.find((m) => m.metadata.name === name)!;
      expect(map.data[file]).toBe(readFileSync(join(repoRoot, 'collector-config', file), 'utf8'));
    }
  });
});

describe('generate.mjs keeps the ConfigMaps from drifting', () => {
  const script = join(dir, 'generate.mjs');
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'meterline-k8s-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds the committed file up to date', () => {
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails --check on a ConfigMap that no longer matches collector-config/', () => {
    const stale = join(tmp, 'collector-configmaps.yaml');
    copyFileSync(join(dir, 'collector-configmaps.yaml'), stale);
    writeFileSync(
      stale,
      readFileSync(stale, 'utf8').replace('limit_percentage: 80', 'limit_percentage: 90'),
    );
    const run = spawnSync(process.execPath, [script, '--check', '--output', stale], {
      encoding: 'utf8',
      cwd: tmp,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('collector-configmaps.yaml is stale');
  });

  it('regenerates byte for byte what is committed', () => {
    const fresh = join(tmp, 'fresh.yaml');
    const run = spawnSync(process.execPath, [script, '--output', fresh], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(readFileSync(fresh, 'utf8')).toBe(
      readFileSync(join(dir, 'collector-configmaps.yaml'), 'utf8'),
    );
  });
});

// The validation is only worth something if it fails: each mutation is a realistic slip.
describe('the manifest validation refuses', () => {
  const gateway = () =>
    structuredClone(documents('collector-gateway.yaml')[0]) as {
      spec: Record<string, unknown> & {
        template: {
          spec: {
            containers: (Record<string, unknown> & {
              readinessProbe: { httpGet: Record<string, unknown> };
            })[];
          };
        };
      };
    };

  it('a misspelt field at the top of a spec', () => {
    const doc = gateway();
    doc.spec.replcas = 2;
    expect(validateManifest(validators, doc, 'gateway')).toEqual([
      'gateway /spec: must NOT have additional properties "replcas"',
    ]);
  });

  it('a misspelt field deep in the pod template', () => {
    const doc = gateway();
    doc.spec.template.spec.containers[0]!.readinessProbe.httpGet.paht = '/';
    expect(validateManifest(validators, doc, 'gateway')).toEqual([
      'gateway /spec/template/spec/containers/0/readinessProbe/httpGet: must NOT have additional properties "paht"',
    ]);
  });

  it('a wrong type and a missing required field', () => {
    const doc = gateway();
    doc.spec.replicas = 'two';
    delete doc.spec.template.spec.containers[0]!.name;
    const problems = validateManifest(validators, doc, 'gateway');
    expect(problems).toContain('gateway /spec/replicas: must be number');
    expect(problems).toContain(
      "gateway /spec/template/spec/containers/0: must have required property 'name'",
    );
  });

  it('a misspelt ServiceMonitor endpoint field', () => {
    const monitor = structuredClone(documents('demo-job-server.yaml')[2]) as {
      spec: { endpoints: Record<string, unknown>[] };
    };
    monitor.spec.endpoints[0]!.intervall = '15s';
    expect(validateManifest(validators, monitor, 'monitor')).toEqual([
      'monitor /spec/endpoints/0: must NOT have additional properties "intervall"',
    ]);
  });

  it('an object of a kind it has no schema for, and a missing apiVersion', () => {
    expect(validateManifest(validators, { apiVersion: 'v1', kind: 'Pdo' }, 'x')).toEqual([
      'x: no schema for v1/Pdo',
    ]);
    const doc = gateway() as Record<string, unknown>;
    delete doc.apiVersion;
    expect(validateManifest(validators, doc, 'gateway')).toEqual([
      'gateway: no schema for undefined/Deployment',
    ]);
  });
});
