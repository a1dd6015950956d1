import { portSchema, readFileLayer, type ConfigProblem } from '@meterline/sdk';
import { z } from 'zod';

/**
 * The agent's own YAML file (the seed's `metrics:` section, plus where data is stored):
 *
 * ```yaml
 * metrics:
 *   enabled: true   # false: no metrics server, and "Metrics endpoint disabled" is logged
 *   port: 8080
 *   path: /metrics
 * storage:
 *   backend: redis  # or local
 *   path: /var/lib/storage-agent   # local backend directory
 *   redis:
 *     url: redis://127.0.0.1:6379
 *     keyPrefix: "storage-agent:"
 * ```
 */
const agentFileSchema = z.strictObject({
  metrics: z
    .strictObject({
      enabled: z.boolean().optional(),
      port: portSchema.optional(),
      path: z
        .string()
        .regex(/^\/[^\s?#]*$/, { error: 'expected an absolute URL path such as /metrics' })
        .optional(),
    })
    .optional(),
  storage: z
    .strictObject({
      backend: z.enum(['local', 'redis'], { error: 'expected "local" or "redis"' }).optional(),
      path: z.string().min(1).optional(),
      redis: z
        .strictObject({
          url: z
            .string()
            .regex(/^rediss?:\/\//, { error: 'expected a redis:// or rediss:// URL' })
            .optional(),
          keyPrefix: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Where the agent keeps its data, resolved from the file and the environment. */
export type StorageConfig =
  | { readonly backend: 'local'; readonly path?: string }
  | { readonly backend: 'redis'; readonly url: string; readonly keyPrefix: string };

/** The file's `metrics:` section: what it sets of the Prometheus endpoint. */
export interface AgentMetricsEndpoint {
  readonly enabled?: boolean;
  readonly port?: number;
  readonly path?: string;
}

/** The agent's configuration, resolved. */
export interface AgentConfig {
  /** The seed's `metrics.enabled/port/path`, mapped onto `exporters.prometheus` by telemetry.ts. */
  readonly metrics: AgentMetricsEndpoint;
  readonly storage: StorageConfig;
}

/** Thrown for an unreadable or invalid agent file; the message names the file, line and key. */
export class AgentConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  ${p.source}: ${p.key ? `${p.key}: ` : ''}${p.message}`);
    super(`invalid storage-agent configuration:\n${lines.join('\n')}`);
    this.name = 'AgentConfigError';
  }
}

/** Default key prefix in Redis, so the agent can share a database. */
export const DEFAULT_REDIS_KEY_PREFIX = 'storage-agent:';

/**
 * Reads the file named by `AGENT_CONFIG` (when set) and the environment:
 * `AGENT_REDIS_URL` selects the Redis backend at that URL (over the file), `AGENT_DATA_DIR` the
 * local directory. Without either the agent stores locally in a temporary directory.
 *
 * @throws {AgentConfigError} naming every problem (file, line, key, what was expected).
 */
export function loadAgentConfig(env: Readonly<Record<string, string | undefined>>): AgentConfig {
  const path = env.AGENT_CONFIG?.trim() || undefined;
  const file = path ? readAgentFile(path) : {};
  const metrics: AgentMetricsEndpoint = file.metrics ?? {};

  const redisUrl = env.AGENT_REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new AgentConfigError([
      {
        source: 'env AGENT_REDIS_URL',
        key: 'storage.redis.url',
        message: `expected a redis:// or rediss:// URL, got ${JSON.stringify(redisUrl)}`,
      },
    ]);
  }
  const stored = file.storage ?? {};
  const backend = redisUrl !== undefined ? 'redis' : (stored.backend ?? 'local');
  if (backend === 'redis') {
    const url = redisUrl ?? stored.redis?.url;
    if (url === undefined) {
      throw new AgentConfigError([
        {
          source: path ?? 'environment',
          key: 'storage.redis.url',
          message: 'the redis backend needs a URL (storage.redis.url or AGENT_REDIS_URL)',
        },
      ]);
    }
    return {
      metrics,
      storage: {
        backend,
        url,
        keyPrefix: stored.redis?.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX,
      },
    };
  }
  const dataDir = env.AGENT_DATA_DIR?.trim() || stored.path;
  return { metrics, storage: dataDir ? { backend, path: dataDir } : { backend } };
}

function readAgentFile(path: string): z.output<typeof agentFileSchema> {
  const parsed = readFileLayer(path);
  if (parsed.problems.length) {
    // A file that cannot be read is named with the variable that pointed at it.
    throw new AgentConfigError(
      parsed.problems.map((p) =>
        p.source === path ? { ...p, source: `AGENT_CONFIG ${path}` } : p,
      ),
    );
  }
  const result = agentFileSchema.safeParse(parsed.layer, { reportInput: true });
  if (result.success) return result.data;
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          source: parsed.locate(issue.path, key),
          key: [...issue.path, key].join('.'),
          message: 'unknown key',
        });
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    const got =
      input === undefined || (typeof input === 'object' && input !== null)
        ? ''
        : `, got ${JSON.stringify(input)}`;
    problems.push({
      source: parsed.locate(issue.path),
      key: issue.path.join('.'),
      message: issue.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '') + got,
    });
  }
  throw new AgentConfigError(problems);
}
