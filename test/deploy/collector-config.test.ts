import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/real-parts.js';
import { checkCollectorConfig, loadContribComponents } from './collector-config-check.js';

// No collector binary can be had on these machines, so the configs are checked statically
// against the contrib distribution's component list (collector-config/contrib-components.txt).
const dir = join(repoRoot, 'collector-config');
const contrib = loadContribComponents(join(dir, 'contrib-components.txt'));
/** The parts of a collector config the tests read and mutate. */
interface Pipeline {
  receivers?: string[];
  processors?: string[];
  exporters?: string[];
  [key: string]: unknown;
}
interface Exporter {
  routing_key?: string;
  sending_queue?: Record<string, unknown>;
  retry_on_failure?: Record<string, unknown>;
  [key: string]: unknown;
}
interface CollectorConfig {
  receivers: Record<string, { protocols: Record<string, { endpoint: string }> }>;
  processors: Record<string, Record<string, unknown>>;
  exporters: Record<string, Exporter>;
  service: { extensions: string[]; pipelines: Record<string, Pipeline> };
  [key: string]: unknown;
}

const load = (name: string): CollectorConfig =>
  parse(readFileSync(join(dir, name), 'utf8')) as CollectorConfig;

/** A deep copy of `name`'s parsed config, changed by `mutate`, then checked. */
function checkMutated(name: string, mutate: (config: CollectorConfig) => void): string[] {
  const config = structuredClone(load(name));
  mutate(config);
  return checkCollectorConfig(config, contrib, name);
}

describe('the contrib component list', () => {
  it('names its release and holds every kind of component', () => {
    expect(contrib.version).toBe('v0.136.0');
    expect(contrib.types.get('receivers')!.size).toBe(101);
    expect(contrib.types.get('processors')!.size).toBe(28);
    expect(contrib.types.get('exporters')!.size).toBe(50);
    expect(contrib.types.get('extensions')!.size).toBe(39);
    expect(contrib.types.get('connectors')!.size).toBe(13);
    for (const [kind, type] of [
      ['processors', 'memory_limiter'],
      ['extensions', 'file_storage'],
      ['exporters', 'loadbalancing'],
      ['exporters', 'prometheusremotewrite'],
      ['processors', 'resourcedetection'],
    ] as const) {
      expect(contrib.types.get(kind)!.has(type)).toBe(true);
    }
  });
});

describe.each(['agent.yaml', 'gateway.yaml'])('collector-config/%s', (name) => {
  it('passes every static check', () => {
    expect(checkCollectorConfig(load(name), contrib, name)).toEqual([]);
  });

  it('puts memory_limiter first in every pipeline', () => {
    const pipelines = load(name).service.pipelines;
    expect(Object.keys(pipelines).length).toBeGreaterThan(0);
    for (const pipeline of Object.values(pipelines)) {
      expect(pipeline.processors?.[0]).toBe('memory_limiter');
    }
  });
});

describe('agent.yaml', () => {
  it('receives OTLP, detects resources, batches and exports OTLP to the gateway', () => {
    const config = load('agent.yaml');
    expect(config.service.pipelines.metrics!).toEqual({
      receivers: ['otlp'],
      processors: ['memory_limiter', 'resourcedetection', 'batch'],
      exporters: ['otlp/gateway'],
    });
    expect(config.receivers.otlp!.protocols.grpc!.endpoint).toBe(
      '${env:AGENT_OTLP_GRPC_ENDPOINT:-127.0.0.1:4317}',
    );
  });
});

describe('gateway.yaml', () => {
  it('routes by service and stores through a persistent, retried queue', () => {
    const config = load('gateway.yaml');
    expect(config.exporters.loadbalancing!.routing_key).toBe('service');
    const store = config.exporters['otlphttp/store']!;
    expect(store.sending_queue).toMatchObject({ enabled: true, storage: 'file_storage/queue' });
    expect(store.retry_on_failure?.enabled).toBe(true);
    expect(config.service.extensions).toContain('file_storage/queue');
    expect(config.service.pipelines['metrics/route']!.exporters).toEqual(['loadbalancing']);
    expect(config.service.pipelines['metrics/store']!.exporters).toEqual(['otlphttp/store']);
  });
});

// The checker is only worth something if it fails: each mutation below is a realistic slip.
describe('the checker refuses', () => {
  it('a misspelt component type, where defined and where used', () => {
    const problems = checkMutated('agent.yaml', (c) => {
      c.processors.memory_limitr = c.processors.memory_limiter!;
      delete c.processors.memory_limiter;
      c.service.pipelines.metrics!.processors![0] = 'memory_limitr';
    });
    expect(problems).toEqual([
      'agent.yaml.processors.memory_limitr: no processor type "memory_limitr" in otelcol-contrib v0.136.0',
      'agent.yaml.service.pipelines.metrics.processors: memory_limiter must come first (got [memory_limitr, resourcedetection, batch])',
    ]);
  });

  it('a component type that exists only in another kind', () => {
    const problems = checkMutated('gateway.yaml', (c) => {
      c.receivers.loadbalancing = { protocols: {} };
    });
    expect(problems).toEqual([
      'gateway.yaml.receivers.loadbalancing: no receiver type "loadbalancing" in otelcol-contrib v0.136.0',
    ]);
  });

  it('a misspelt field, top-level or nested', () => {
    expect(
      checkMutated('agent.yaml', (c) => {
        c.processors.memory_limiter!.limit_percentag = 80;
      }),
    ).toEqual([
      'agent.yaml.processors.memory_limiter.limit_percentag: unknown field (expected one of: check_interval, limit_mib, spike_limit_mib, limit_percentage, spike_limit_percentage, min_gc_interval_when_soft_limited, min_gc_interval_when_hard_limited)',
    ]);
    const nested = checkMutated('gateway.yaml', (c) => {
      c.exporters['otlphttp/store']!.sending_queue!.storag = 'file_storage/queue';
    });
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatch(
      /^gateway\.yaml\.exporters\.otlphttp\/store\.sending_queue\.storag: unknown field/,
    );
    const service = checkMutated('gateway.yaml', (c) => {
      c.service.pipelines['metrics/store']!.exporter =
        c.service.pipelines['metrics/store']!.exporters;
    });
    expect(service[0]).toMatch(/metrics\/store\.exporter: unknown field/);
  });

  it('a pipeline naming an undefined component', () => {
    expect(
      checkMutated('agent.yaml', (c) => {
        c.service.pipelines.metrics!.exporters = ['otlp/gatway'];
      }),
    ).toEqual([
      'agent.yaml.service.pipelines.metrics.exporters: "otlp/gatway" is not defined under exporters',
    ]);
  });

  it('memory_limiter anywhere but first, or missing', () => {
    expect(
      checkMutated('gateway.yaml', (c) => {
        c.service.pipelines['metrics/store']!.processors = ['batch', 'memory_limiter'];
      }),
    ).toEqual([
      'gateway.yaml.service.pipelines.metrics/store.processors: memory_limiter must come first (got [batch, memory_limiter])',
    ]);
    expect(
      checkMutated('gateway.yaml', (c) => {
        delete c.service.pipelines['metrics/route']!.processors;
      }),
    ).toEqual([
      'gateway.yaml.service.pipelines.metrics/route.processors: memory_limiter must come first (got [])',
    ]);
  });

  it('a receiver bound beyond loopback, literally or as the env default', () => {
    expect(
      checkMutated('agent.yaml', (c) => {
        c.receivers.otlp!.protocols.http!.endpoint = '0.0.0.0:4318';
      }),
    ).toEqual([
      'agent.yaml.receivers.otlp.protocols.http.endpoint: 0.0.0.0:4318 binds beyond loopback; use 127.0.0.1 or ${env:NAME:-127.0.0.1:PORT}',
    ]);
    expect(
      checkMutated('gateway.yaml', (c) => {
        c.receivers['otlp/routed']!.protocols.grpc!.endpoint = '${env:ROUTED:-0.0.0.0:4319}';
      }),
    ).toEqual([
      'gateway.yaml.receivers.otlp/routed.protocols.grpc.endpoint: ${env:ROUTED:-0.0.0.0:4319} needs a loopback default (${env:ROUTED:-127.0.0.1:PORT}); the environment overrides it',
    ]);
  });

  it('a persistent queue whose storage extension is not enabled', () => {
    expect(
      checkMutated('gateway.yaml', (c) => {
        c.service.extensions = ['health_check'];
      }),
    ).toEqual([
      'gateway.yaml.exporters.otlphttp/store.sending_queue.storage: "file_storage/queue" is not an enabled extension',
    ]);
  });

  it('an unknown pipeline signal and a top-level typo', () => {
    const problems = checkMutated('agent.yaml', (c) => {
      c.service.pipelines.metric = c.service.pipelines.metrics!;
      delete c.service.pipelines.metrics;
      c.exporter = {};
    });
    expect(problems).toEqual([
      'agent.yaml.exporter: unknown field (expected one of: receivers, processors, exporters, extensions, connectors, service)',
      'agent.yaml.service.pipelines.metric: unknown signal (expected traces, metrics, logs or profiles)',
    ]);
  });
});
