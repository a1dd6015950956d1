/** How a variable's text becomes a config value. */
export type EnvValueType = 'string' | 'int' | 'number' | 'boolean' | 'list';

/**
 * Binds one environment variable to one config key. Plug-ins declare theirs with `path` relative
 * to their own section (`['port']` for `exporters.prometheus.port`).
 */
export interface EnvBinding {
  /** For example `OTEL_EXPORTER_PROMETHEUS_PORT`. */
  readonly variable: string;
  /** The key the value lands on. */
  readonly path: readonly string[];
  /** How to read the text. @default 'string' */
  readonly type?: EnvValueType;
  /** Custom reader; throws an `Error` whose message says what was expected. Wins over `type`. */
  readonly parse?: (raw: string) => unknown;
  /**
   * The value is a secret: errors never quote it. Variables named `…HEADERS`, `…PASSWORD`,
   * `…TOKEN`, `…SECRET`, `…API_KEY` and `…CREDENTIALS` are secret whatever this says.
   * @default false
   */
  readonly secret?: boolean;
}
