import { millisSchema, z, type EnvBinding } from '@meterline/plugin';

const url = z.string().refine((text) => /^https?:\/\/[^/\s]/i.test(text) && URL.canParse(text), {
  error: 'expected an absolute http:// or https:// URL such as http://127.0.0.1:8086',
});

/** Options of the `influx` plug-in: the section `exporters.influx`, after defaults. */
export const influxOptionsSchema = z.strictObject({
  /**
   * Base URL of InfluxDB or VictoriaMetrics (`METERLINE_INFLUX_URL`, which also turns the
   * plug-in on when no exporter list is given).
   * @default 'http://localhost:8086'
   */
  url: url.default('http://localhost:8086'),
  /**
   * `v1` posts to `/write?db=…` (InfluxDB 1.x, VictoriaMetrics); `v2` to `/api/v2/write?org=…&bucket=…`
   * (InfluxDB 2.x and 1.8+, VictoriaMetrics).
   * @default 'v1'
   */
  api: z.enum(['v1', 'v2'], { error: 'expected v1 or v2' }).default('v1'),
  /** v1: the database (`METERLINE_INFLUX_DATABASE`). @default 'metrics' */
  database: z.string().min(1).default('metrics'),
  /** v1: the retention policy. @default the database's default */
  retentionPolicy: z.string().min(1).optional(),
  /** v1: user name, sent with `password` as HTTP basic auth. @default none */
  username: z.string().min(1).optional(),
  /** v1: password (`METERLINE_INFLUX_PASSWORD`). @default none */
  password: z.string().optional(),
  /** v2: organization. @default none */
  org: z.string().min(1).optional(),
  /** v2: bucket. @default the `database` value */
  bucket: z.string().min(1).optional(),
  /** v2: API token, sent as `Authorization: Token …` (`METERLINE_INFLUX_TOKEN`). @default none */
  token: z.string().min(1).optional(),
  /** Longest time one write may take. @default 10000 */
  timeoutMillis: millisSchema().default(10_000),
  /**
   * Resource attributes written as tags on every point, when present (others are left out, so
   * host details do not multiply series).
   * @default ['service.name', 'service.namespace', 'service.instance.id']
   */
  resourceTags: z
    .array(z.string().min(1))
    .default(['service.name', 'service.namespace', 'service.instance.id']),
});

/** Options of the InfluxDB exporter, after defaults. */
export type InfluxOptions = z.output<typeof influxOptionsSchema>;
/** Options of the InfluxDB exporter as written in config or code. */
export type InfluxOptionsInput = z.input<typeof influxOptionsSchema>;

/** Meterline's own variables: the OTel spec defines none for InfluxDB. */
export const INFLUX_ENV_BINDINGS: readonly EnvBinding[] = [
  { variable: 'METERLINE_INFLUX_URL', path: ['url'] },
  { variable: 'METERLINE_INFLUX_DATABASE', path: ['database'] },
  { variable: 'METERLINE_INFLUX_PASSWORD', path: ['password'] },
  { variable: 'METERLINE_INFLUX_TOKEN', path: ['token'] },
];

/** True when `METERLINE_INFLUX_URL` is set: the environment alone turns the push on. */
export function influxEnabledByEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  return (env.METERLINE_INFLUX_URL?.trim() ?? '') !== '';
}

/** The write URL for `options`, precision milliseconds. */
export function writeUrl(options: InfluxOptions): string {
  const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
  if (options.api === 'v2') {
    const params = new URLSearchParams({
      ...(options.org ? { org: options.org } : {}),
      bucket: options.bucket ?? options.database,
      precision: 'ms',
    });
    return `${base}api/v2/write?${params}`;
  }
  const params = new URLSearchParams({
    db: options.database,
    ...(options.retentionPolicy ? { rp: options.retentionPolicy } : {}),
    precision: 'ms',
  });
  return `${base}write?${params}`;
}
