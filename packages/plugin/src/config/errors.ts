/** One problem found in one configuration source. */
export interface ConfigProblem {
  /** Where: `meterline.yaml:12:5`, `env OTEL_EXPORTER_PROMETHEUS_PORT`, `startTelemetry({ config })`. */
  readonly source: string;
  /** The key, dotted: `exporters.prometheus.port`. */
  readonly key: string;
  /** What was expected, and what was found. */
  readonly message: string;
}

/**
 * Thrown by `startTelemetry` (and `loadConfig`) when configuration is invalid. The message lists
 * every problem, one per line, each naming its source, key and what was expected; `problems`
 * holds them for programs.
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  ${p.source}: ${p.key ? `${p.key}: ` : ''}${p.message}`);
    super(`invalid Meterline configuration:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Dotted form of a key path, with list indexes in brackets: `metrics.views[2].buckets`. */
export function formatKey(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
