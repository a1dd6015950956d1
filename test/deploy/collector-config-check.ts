import { readFileSync } from 'node:fs';

/**
 * Static checks of an OpenTelemetry Collector configuration, for want of a collector binary on the
 * machines that run the tests (`otelcol validate` would be the real thing).
 *
 * What {@link checkCollectorConfig} promises to catch, each reported as one line naming the path:
 * - a component whose type is not in the otelcol-contrib distribution (collector-config/contrib-components.txt);
 * - an unknown field under a component we ship config for (the field lists below, from the
 *   components' documented config of the listed release), and a component used with no field list;
 * - a pipeline naming a component that is not defined, an unknown pipeline signal, a pipeline with
 *   no receiver or exporter, an extension enabled but not defined, a `sending_queue.storage` that
 *   is not an enabled extension;
 * - `memory_limiter` missing or not first in a pipeline's processors;
 * - a receiver `endpoint` that does not bind loopback, unless it comes from `${env:...}` whose
 *   default (`${env:NAME:-default}`) is loopback.
 */

/** Component kinds of a collector config, as its top-level keys. */
export const KINDS = ['receivers', 'processors', 'exporters', 'extensions', 'connectors'] as const;
export type Kind = (typeof KINDS)[number];

/** The contrib distribution: its version and, per kind, every component type. */
export interface ContribComponents {
  readonly version: string;
  readonly types: ReadonlyMap<Kind, ReadonlySet<string>>;
}

/** Reads collector-config/contrib-components.txt (`kind type module` lines, `#` comments). */
export function loadContribComponents(path: string): ContribComponents {
  const text = readFileSync(path, 'utf8');
  const version = /distribution \(otelcol-contrib\), (v\d+\.\d+\.\d+)/.exec(text)?.[1];
  if (!version) throw new Error(`${path}: no "(otelcol-contrib), vX.Y.Z" version line`);
  const types = new Map<Kind, Set<string>>(KINDS.map((k) => [k, new Set<string>()]));
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [kind, type, module] = line.trim().split(/\s+/);
    const set = types.get(`${kind}s` as Kind);
    if (!set || !type || !module) throw new Error(`${path}:${index + 1}: malformed line "${line}"`);
    set.add(type);
  });
  return { version, types };
}

/** Allowed keys of a config object: `any` for a leaf or free-form value, `{'*': shape}` for a map. */
export type Shape = 'any' | { readonly [key: string]: Shape };

const leaves = (...keys: string[]): Record<string, Shape> =>
  Object.fromEntries(keys.map((k) => [k, 'any' as const]));

const tlsClient = leaves(
  'insecure',
  'insecure_skip_verify',
  'ca_file',
  'ca_pem',
  'cert_file',
  'cert_pem',
  'key_file',
  'key_pem',
  'server_name_override',
  'min_version',
  'max_version',
  'reload_interval',
  'include_system_ca_certs_pool',
  'cipher_suites',
  'curve_preferences',
);
const tlsServer = leaves(
  'ca_file',
  'ca_pem',
  'cert_file',
  'cert_pem',
  'key_file',
  'key_pem',
  'client_ca_file',
  'client_ca_file_reload',
  'min_version',
  'max_version',
  'reload_interval',
  'include_system_ca_certs_pool',
  'cipher_suites',
  'curve_preferences',
);
const retry = leaves(
  'enabled',
  'initial_interval',
  'randomization_factor',
  'multiplier',
  'max_interval',
  'max_elapsed_time',
);
const queue = leaves(
  'enabled',
  'num_consumers',
  'queue_size',
  'storage',
  'sizer',
  'block_on_overflow',
  'blocking',
  'wait_for_result',
  'batch',
);
const grpcClient: Record<string, Shape> = {
  ...leaves(
    'endpoint',
    'headers',
    'compression',
    'timeout',
    'balancer_name',
    'keepalive',
    'auth',
    'read_buffer_size',
    'write_buffer_size',
    'wait_for_ready',
    'authority',
  ),
  tls: tlsClient,
  sending_queue: queue,
  retry_on_failure: retry,
};
const httpClient: Record<string, Shape> = {
  ...leaves(
    'endpoint',
    'metrics_endpoint',
    'traces_endpoint',
    'logs_endpoint',
    'profiles_endpoint',
    'headers',
    'compression',
    'timeout',
    'encoding',
    'read_buffer_size',
    'write_buffer_size',
    'max_idle_conns',
    'max_idle_conns_per_host',
    'max_conns_per_host',
    'idle_conn_timeout',
    'auth',
    'disable_keep_alives',
    'http2_read_idle_timeout',
    'http2_ping_timeout',
    'proxy_url',
    'cookies',
  ),
  tls: tlsClient,
  sending_queue: queue,
  retry_on_failure: retry,
};

/**
 * Field lists of the components Meterline's configs use, per `kind/type`. A component used in a
 * config without an entry here is reported, so the list grows with the configs.
 */
export const COMPONENT_FIELDS: ReadonlyMap<string, Shape> = new Map<string, Shape>([
  [
    'receivers/otlp',
    {
      protocols: {
        grpc: {
          ...leaves(
            'endpoint',
            'transport',
            'max_recv_msg_size_mib',
            'max_concurrent_streams',
            'read_buffer_size',
            'write_buffer_size',
            'keepalive',
            'auth',
            'include_metadata',
          ),
          tls: tlsServer,
        },
        http: {
          ...leaves(
            'endpoint',
            'cors',
            'auth',
            'max_request_body_size',
            'include_metadata',
            'response_headers',
            'traces_url_path',
            'metrics_url_path',
            'logs_url_path',
          ),
          tls: tlsServer,
        },
      },
    },
  ],
  [
    'processors/memory_limiter',
    leaves(
      'check_interval',
      'limit_mib',
      'spike_limit_mib',
      'limit_percentage',
      'spike_limit_percentage',
      'min_gc_interval_when_soft_limited',
      'min_gc_interval_when_hard_limited',
    ),
  ],
  [
    'processors/batch',
    leaves(
      'timeout',
      'send_batch_size',
      'send_batch_max_size',
      'metadata_keys',
      'metadata_cardinality_limit',
    ),
  ],
  [
    'processors/resourcedetection',
    leaves(
      'detectors',
      'timeout',
      'override',
      'attributes',
      'system',
      'docker',
      'ec2',
      'ecs',
      'eks',
      'elasticbeanstalk',
      'lambda',
      'azure',
      'aks',
      'gcp',
      'consul',
      'heroku',
      'k8snode',
      'kubeadm',
      'openshift',
      'dynatrace',
      'akamai',
      'digitalocean',
      'hetzner',
      'openstack',
      'oraclecloud',
      'scaleway',
      'upcloud',
      'vultr',
    ),
  ],
  ['exporters/otlp', grpcClient],
  ['exporters/otlphttp', httpClient],
  [
    'exporters/loadbalancing',
    {
      ...leaves('routing_key', 'routing_attributes', 'timeout'),
      sending_queue: queue,
      retry_on_failure: retry,
      protocol: { otlp: grpcClient },
      resolver: {
        static: leaves('hostnames'),
        dns: leaves('hostname', 'port', 'interval', 'timeout', 'quarantine'),
        k8s: leaves('service', 'ports', 'timeout', 'return_hostnames'),
        aws_cloud_map: 'any',
      },
    },
  ],
  [
    'extensions/health_check',
    {
      ...leaves(
        'endpoint',
        'path',
        'cors',
        'auth',
        'response_body',
        'check_collector_pipeline',
        'include_metadata',
        'max_request_body_size',
        'response_headers',
      ),
      tls: tlsServer,
    },
  ],
  [
    'extensions/file_storage',
    {
      ...leaves(
        'directory',
        'timeout',
        'create_directory',
        'directory_permissions',
        'fsync',
        'recreate',
      ),
      compaction: leaves(
        'on_start',
        'on_rebound',
        'directory',
        'max_transaction_size',
        'rebound_needed_threshold_mib',
        'rebound_trigger_threshold_mib',
        'check_interval',
        'cleanup_on_start',
      ),
    },
  ],
]);

const TOP_LEVEL: Shape = leaves(...KINDS, 'service');
const SERVICE: Shape = {
  extensions: 'any',
  pipelines: 'any',
  telemetry: {
    logs: 'any',
    metrics: leaves('level', 'readers', 'address'),
    traces: 'any',
    resource: 'any',
  },
};
const PIPELINE: Shape = leaves('receivers', 'processors', 'exporters');
const SIGNALS = new Set(['traces', 'metrics', 'logs', 'profiles']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/;
const ENV_REF = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkShape(value: unknown, shape: Shape, path: string, problems: string[]): void {
  if (shape === 'any') return;
  if (!isObject(value)) {
    if (value !== null) problems.push(`${path}: expected a mapping, got ${JSON.stringify(value)}`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const allowed = shape[key] ?? shape['*'];
    if (!allowed) {
      problems.push(
        `${path}.${key}: unknown field (expected one of: ${Object.keys(shape).join(', ')})`,
      );
      continue;
    }
    checkShape(child, allowed, `${path}.${key}`, problems);
  }
}

/** Every `endpoint` value under a receiver, with its path. */
function endpoints(value: unknown, path: string): [string, unknown][] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'endpoint' ? [[`${path}.${key}`, child]] : endpoints(child, `${path}.${key}`),
  );
}

function checkBind(path: string, endpoint: unknown, problems: string[]): void {
  const text = String(endpoint);
  const env = ENV_REF.exec(text);
  if (env) {
    if (env[2] === undefined || !LOOPBACK.test(env[2])) {
      problems.push(
        `${path}: ${text} needs a loopback default (\${env:${env[1]}:-127.0.0.1:PORT}); the environment overrides it`,
      );
    }
    return;
  }
  if (!LOOPBACK.test(text)) {
    problems.push(
      `${path}: ${text} binds beyond loopback; use 127.0.0.1 or \${env:NAME:-127.0.0.1:PORT}`,
    );
  }
}

function asList(value: unknown, path: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    problems.push(`${path}: expected a list of component IDs`);
    return [];
  }
  return value as string[];
}

/**
 * Checks one parsed collector config against the contrib distribution `contrib`. Returns every
 * problem found, one line each, prefixed by `file`; an empty list means the config passed.
 */
export function checkCollectorConfig(
  config: unknown,
  contrib: ContribComponents,
  file: string,
): string[] {
  const problems: string[] = [];
  if (!isObject(config)) return [`${file}: expected a mapping at the top level`];
  checkShape(config, TOP_LEVEL, file, problems);

  const defined = new Map<Kind, Set<string>>();
  for (const kind of KINDS) {
    const section = config[kind] ?? {};
    const ids = new Set<string>();
    defined.set(kind, ids);
    if (!isObject(section)) {
      problems.push(`${file}.${kind}: expected a mapping of component IDs`);
      continue;
    }
    for (const [id, body] of Object.entries(section)) {
      ids.add(id);
      const type = id.split('/', 1)[0]!;
      const path = `${file}.${kind}.${id}`;
      if (!contrib.types.get(kind)!.has(type)) {
        problems.push(
          `${path}: no ${kind.slice(0, -1)} type "${type}" in otelcol-contrib ${contrib.version}`,
        );
        continue;
      }
      const shape = COMPONENT_FIELDS.get(`${kind}/${type}`);
      if (!shape) {
        problems.push(`${path}: no field list for ${kind}/${type} in collector-config-check.ts`);
        continue;
      }
      checkShape(body ?? {}, shape, path, problems);
      if (kind === 'receivers') {
        for (const [where, endpoint] of endpoints(body, path)) checkBind(where, endpoint, problems);
      }
    }
  }

  const service = config.service;
  if (!isObject(service)) return [...problems, `${file}.service: missing`];
  checkShape(service, SERVICE, `${file}.service`, problems);
  const enabledExtensions = asList(service.extensions, `${file}.service.extensions`, problems);
  for (const id of enabledExtensions) {
    if (!defined.get('extensions')!.has(id)) {
      problems.push(`${file}.service.extensions: "${id}" is not defined under extensions`);
    }
  }
  // A persistent queue only works when its storage extension is defined and enabled.
  for (const [id, body] of Object.entries(isObject(config.exporters) ? config.exporters : {})) {
    const storage = isObject(body) && isObject(body.sending_queue) && body.sending_queue.storage;
    if (storage && !enabledExtensions.includes(String(storage))) {
      problems.push(
        `${file}.exporters.${id}.sending_queue.storage: "${String(storage)}" is not an enabled extension`,
      );
    }
  }

  const pipelines = service.pipelines;
  if (!isObject(pipelines) || Object.keys(pipelines).length === 0) {
    return [...problems, `${file}.service.pipelines: no pipeline`];
  }
  for (const [id, pipeline] of Object.entries(pipelines)) {
    const path = `${file}.service.pipelines.${id}`;
    if (!SIGNALS.has(id.split('/', 1)[0]!)) {
      problems.push(`${path}: unknown signal (expected traces, metrics, logs or profiles)`);
    }
    checkShape(pipeline, PIPELINE, path, problems);
    const body = isObject(pipeline) ? pipeline : {};
    const lists = {
      receivers: asList(body.receivers, `${path}.receivers`, problems),
      processors: asList(body.processors, `${path}.processors`, problems),
      exporters: asList(body.exporters, `${path}.exporters`, problems),
    };
    if (lists.receivers.length === 0) problems.push(`${path}.receivers: empty`);
    if (lists.exporters.length === 0) problems.push(`${path}.exporters: empty`);
    for (const [kind, ids] of Object.entries(lists) as [Kind, string[]][]) {
      for (const ref of ids) {
        const connector = kind !== 'processors' && defined.get('connectors')!.has(ref);
        if (!defined.get(kind)!.has(ref) && !connector) {
          problems.push(`${path}.${kind}: "${ref}" is not defined under ${kind}`);
        }
      }
    }
    if (lists.processors[0]?.split('/', 1)[0] !== 'memory_limiter') {
      problems.push(
        `${path}.processors: memory_limiter must come first (got [${lists.processors.join(', ')}])`,
      );
    }
  }
  return problems;
}
