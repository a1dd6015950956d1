/**
 * Secret handling for every message Meterline writes: configuration errors, log lines and
 * anything that echoes configuration. Values under a secret-bearing key (headers, passwords,
 * tokens, credentials) are never quoted, and URLs lose their `user:password@` part.
 */

/**
 * Key names whose values are secrets, wherever they appear in a key path: these names, and any
 * name ending in one of the last group (`bearerToken`, `client_secret`, `adminPassword`), but
 * not a name that merely contains one (`tokenFile`, a path, is shown).
 */
const SECRET_KEY =
  /^(headers|metricsHeaders|authorization|proxy-authorization|cookie|basic_auth_users)$|(password|passwd|secret|token|api[-_]?key|credentials|private[-_]?key)$/i;
/** Environment variables whose values are secrets (`OTEL_EXPORTER_OTLP_HEADERS`, `…_TOKEN`). */
const SECRET_VARIABLE = /(HEADERS|PASSWORD|TOKEN|SECRET|API_KEY|CREDENTIALS)$/;

/** The mask written in place of a secret. */
export const REDACTED = '***';

/** True when a value at this key path must not be echoed (any segment is secret-bearing). */
export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some((segment) => typeof segment === 'string' && SECRET_KEY.test(segment));
}

/** True when the value of this environment variable must not be echoed. */
export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

/** `https://user:pass@host/…` -> `https://***@host/…`, anywhere in `text`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, `$1${REDACTED}@`);
}

/**
 * A function that masks every given secret value, URL credentials and `Authorization`-style
 * header values in a text. Secrets shorter than 4 characters are left alone (masking `1` would
 * mangle every number); they are still never quoted by the config loader.
 */
export function createRedactor(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set(secrets)]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactUrlCredentials(text);
    for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out.replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`);
  };
}

/** Every string value under a secret-bearing key of `config`, and the credentials of URLs in it. */
export function collectSecrets(config: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, secret: boolean) => {
    if (typeof node === 'string') {
      if (secret) found.push(node);
      const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/\s@]+)@/i.exec(node)?.[1];
      // The whole user:password, and the password alone (user names are not secret).
      if (userinfo) found.push(userinfo, userinfo.slice(userinfo.indexOf(':') + 1));
      return;
    }
    if (node instanceof Map) {
      for (const [key, value] of node) walk(value, secret || isSecretPath([String(key)]));
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) walk(item, secret);
      return;
    }
    if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) walk(value, secret || isSecretPath([key]));
    }
  };
  walk(config, false);
  return found;
}
