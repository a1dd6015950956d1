import {
  ConfigError,
  readFileLayer,
  validateLayer,
  z,
  type ConfigProblem,
} from '@meterline/plugin';
import { checkTlsMaterial } from './tls-material.js';

const { readFileSync } = process.getBuiltinModule('node:fs');
const { dirname, resolve } = process.getBuiltinModule('node:path');

const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
const TLS_VERSIONS = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
} as const;
const tlsVersion = z.enum(Object.keys(TLS_VERSIONS) as [keyof typeof TLS_VERSIONS]);
const unsupported = z.never({
  error: 'is valid for exporter-toolkit but not supported by Meterline',
});

/**
 * The Prometheus exporter-toolkit `web-config.yml` format (the file `promtool check web-config`
 * checks). Keys the toolkit knows but Meterline cannot honour fail loudly instead of being ignored.
 */
export const webConfigSchema = z.strictObject({
  tls_server_config: z
    .strictObject({
      cert_file: z.string().min(1),
      key_file: z.string().min(1),
      client_auth_type: z.enum(CLIENT_AUTH_TYPES).optional(),
      client_ca_file: z.string().min(1).optional(),
      min_version: tlsVersion.optional(),
      max_version: tlsVersion.optional(),
      cert: unsupported.optional(),
      key: unsupported.optional(),
      client_ca: unsupported.optional(),
      cipher_suites: unsupported.optional(),
      curve_preferences: unsupported.optional(),
      prefer_server_cipher_suites: unsupported.optional(),
      client_allowed_sans: unsupported.optional(),
    })
    .optional(),
  http_server_config: z
    .strictObject({
      headers: z.record(z.string(), z.string()).optional(),
      http2: z.boolean().optional(),
    })
    .optional(),
  basic_auth_users: z
    .record(
      z.string(),
      z.string().regex(/^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/, {
        error: 'expected a bcrypt hash ($2y$10$…), never a plain password',
      }),
    )
    .optional(),
});

/** TLS settings ready for `node:tls`. */
export interface TlsSettings {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca?: Buffer;
  readonly clientAuth: (typeof CLIENT_AUTH_TYPES)[number];
  readonly minVersion: (typeof TLS_VERSIONS)[keyof typeof TLS_VERSIONS];
  readonly maxVersion?: (typeof TLS_VERSIONS)[keyof typeof TLS_VERSIONS];
}

/** A loaded web config: TLS material read, users with their bcrypt hashes. */
export interface WebConfig {
  readonly tls?: TlsSettings;
  /** user -> bcrypt hash; empty means no basic auth. */
  readonly users: ReadonlyMap<string, string>;
  /** Headers added to every response. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Reads and validates a web-config file; relative file names resolve against its folder, as in
 * exporter-toolkit. The certificate and key are checked as the TLS server will load them.
 * @throws {ConfigError} naming the file, line and key of every problem, including a certificate or
 * key that is not PEM or a key that does not match its certificate (never their contents).
 */
export function loadWebConfig(path: string): WebConfig {
  const file = readFileLayer(path);
  const problems: ConfigProblem[] = [...file.problems];
  if (problems.length === 0) {
    problems.push(
      ...validateLayer(
        webConfigSchema,
        file.layer,
        file.locate,
        (key) => key[0] === 'basic_auth_users',
      ).problems,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = webConfigSchema.parse(file.layer);
  const base = dirname(path);
  const read = (key: string, name: string) => {
    try {
      return readFileSync(resolve(base, name));
    } catch (error) {
      throw new ConfigError([
        {
          source: file.locate(['tls_server_config', key]),
          key: `tls_server_config.${key}`,
          message: `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        },
      ]);
    }
  };
  const tlsConfig = config.tls_server_config;
  let tls: TlsSettings | undefined;
  if (tlsConfig) {
    const clientAuth = tlsConfig.client_auth_type ?? 'NoClientCert';
    const needsCa =
      clientAuth === 'VerifyClientCertIfGiven' || clientAuth === 'RequireAndVerifyClientCert';
    if (needsCa && !tlsConfig.client_ca_file) {
      throw new ConfigError([
        {
          source: file.locate(['tls_server_config', 'client_auth_type']),
          key: 'tls_server_config.client_ca_file',
          message: `required when client_auth_type is ${clientAuth}`,
        },
      ]);
    }
    const cert = read('cert_file', tlsConfig.cert_file);
    const key = read('key_file', tlsConfig.key_file);
    const problem = checkTlsMaterial(cert, key, {
      certFile: tlsConfig.cert_file,
      keyFile: tlsConfig.key_file,
    });
    if (problem) {
      throw new ConfigError([
        {
          source: file.locate(['tls_server_config', problem.key]),
          key: `tls_server_config.${problem.key}`,
          message: problem.message,
        },
      ]);
    }
    tls = {
      cert,
      key,
      ca: tlsConfig.client_ca_file ? read('client_ca_file', tlsConfig.client_ca_file) : undefined,
      clientAuth,
      minVersion: TLS_VERSIONS[tlsConfig.min_version ?? 'TLS12'],
      maxVersion: tlsConfig.max_version ? TLS_VERSIONS[tlsConfig.max_version] : undefined,
    };
  }
  return {
    tls,
    users: new Map(Object.entries(config.basic_auth_users ?? {})),
    headers: config.http_server_config?.headers ?? {},
  };
}
