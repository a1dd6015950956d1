import type { ResolvedConfig } from './load.js';
import { REDACTED, isSecretPath, redactUrlCredentials } from '@meterline/plugin';

/**
 * A copy of the resolved configuration that is safe to show (an admin API's "effective
 * configuration", a support dump): every value under a secret-bearing key is replaced by `***`,
 * and URLs lose their `user:password@` part. What is masked, wherever it appears:
 *
 * - `headers`, `metricsHeaders` (OTLP): header names are kept, every value masked;
 * - `password`, `passwd`, `token`, `secret`, `api_key`/`apiKey`, `credentials`,
 *   `authorization`, `proxy-authorization`, `cookie`, `basic_auth_users`, `private_key`, and
 *   any key ending in one of the first six (`bearerToken`, `client_secret`): the whole value;
 * - any URL (`endpoint`, Influx `url`, …): its credentials.
 *
 * File paths are shown as they are (Prometheus' `webConfigFile`, a TLS key's path): a path is
 * not a secret, the file's content is, and it is never read here. The key list is
 * `redact.ts`'s, the same that keeps secrets out of error messages and logs.
 *
 * The copy is new and frozen; the argument is not changed.
 */
export function redactedConfig(config: ResolvedConfig): ResolvedConfig {
  return redactNode(config, []) as ResolvedConfig;
}

function redactNode(node: unknown, path: readonly string[]): unknown {
  if (typeof node === 'string') {
    return isSecretPath(path) ? REDACTED : redactUrlCredentials(node);
  }
  if (Array.isArray(node)) {
    return Object.freeze(node.map((item, i) => redactNode(item, [...path, String(i)])));
  }
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = redactNode(value, [...path, key]);
    return Object.freeze(out);
  }
  // Numbers and booleans under a secret key (a numeric token) are masked too.
  if (node !== undefined && node !== null && isSecretPath(path)) return REDACTED;
  return node;
}
