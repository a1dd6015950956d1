import { millisSchema, z, type EnvBinding } from '@meterline/plugin';

/** The OTLP transports: protobuf or JSON over HTTP, or gRPC. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
/** One of {@link OTLP_PROTOCOLS}. */
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Aggregation temporality the receiver is asked to get (OTel spec values). */
export const TEMPORALITY_PREFERENCES = ['cumulative', 'delta', 'lowmemory'] as const;
/** One of {@link TEMPORALITY_PREFERENCES}. */
export type TemporalityPreference = (typeof TEMPORALITY_PREFERENCES)[number];

/** Default histogram aggregations (OTel spec values of the standard variable). */
export const HISTOGRAM_AGGREGATIONS = [
  'explicit_bucket_histogram',
  'base2_exponential_bucket_histogram',
] as const;
/** One of {@link HISTOGRAM_AGGREGATIONS}. */
export type HistogramAggregation = (typeof HISTOGRAM_AGGREGATIONS)[number];

const url = z.string().refine((text) => /^https?:\/\/[^/\s]/i.test(text) && URL.canParse(text), {
  error: 'expected an absolute http:// or https:// URL such as http://127.0.0.1:4318',
});
const filePath = z.string().min(1, { error: 'expected the path of a PEM file' });
const headers = z.record(z.string().min(1), z.string(), {
  error: 'expected a map of header names to values',
});

/** Options of the `otlp` plug-in: the section `exporters.otlp`, after defaults. */
export const otlpOptionsSchema = z.strictObject({
  /**
   * Base URL of the receiver (`OTEL_EXPORTER_OTLP_ENDPOINT`). Over HTTP `v1/metrics` is appended
   * (`http://collector:4318` posts to `http://collector:4318/v1/metrics`); gRPC uses it as is.
   * @default 'http://localhost:4318' (HTTP) or 'http://localhost:4317' (gRPC)
   */
  endpoint: url.optional(),
  /**
   * Full URL of the metrics endpoint, used exactly as given; wins over `endpoint`
   * (`OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`). VictoriaMetrics: `http://vm:8428/opentelemetry/v1/metrics`.
   * @default none
   */
  metricsEndpoint: url.optional(),
  /**
   * Transport (`OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL` wins).
   * @default 'http/protobuf'
   */
  protocol: z
    .enum(OTLP_PROTOCOLS, { error: `expected one of: ${OTLP_PROTOCOLS.join(', ')}` })
    .default('http/protobuf'),
  /** Headers sent with every export (`OTEL_EXPORTER_OTLP_HEADERS`). @default {} */
  headers: headers.default({}),
  /**
   * Headers for metrics only, merged over `headers` key by key
   * (`OTEL_EXPORTER_OTLP_METRICS_HEADERS`). @default {}
   */
  metricsHeaders: headers.default({}),
  /**
   * Longest time one export may take, retries included (`OTEL_EXPORTER_OTLP_TIMEOUT`,
   * `OTEL_EXPORTER_OTLP_METRICS_TIMEOUT` wins). Never longer than the reader's export timeout
   * and interval, so a stalled receiver cannot hold exports past the next interval.
   * @default 10000
   */
  timeoutMillis: millisSchema().default(10_000),
  /**
   * Request body compression (`OTEL_EXPORTER_OTLP_COMPRESSION`, `_METRICS_COMPRESSION` wins).
   * @default 'none'
   */
  compression: z.enum(['none', 'gzip'], { error: 'expected none or gzip' }).default('none'),
  /**
   * Temporality asked of the SDK (`OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`).
   * Cumulative keeps one running total per series: after an outage the next export carries the
   * exact totals, with nothing queued in between.
   * @default 'cumulative'
   */
  temporality: z
    .enum(TEMPORALITY_PREFERENCES, {
      error: `expected one of: ${TEMPORALITY_PREFERENCES.join(', ')}`,
    })
    .default('cumulative'),
  /**
   * Aggregation of histograms no view configures, for this exporter
   * (`OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION`): explicit buckets, or base-2
   * exponential histograms (which a Collector or Prometheus 3's OTLP receiver keep as exponential
   * / native histograms). A view's `exponential` or `buckets` wins.
   * @default 'explicit_bucket_histogram'
   */
  histogramAggregation: z
    .enum(HISTOGRAM_AGGREGATIONS, {
      error: `expected one of: ${HISTOGRAM_AGGREGATIONS.join(', ')}`,
    })
    .default('explicit_bucket_histogram'),
  /**
   * PEM file of the CA(s) the receiver's certificate must chain to, for `https://` endpoints, over
   * HTTP and gRPC (`OTEL_EXPORTER_OTLP_CERTIFICATE`, `_METRICS_CERTIFICATE` wins).
   * @default the system's roots
   */
  certificate: filePath.optional(),
  /**
   * PEM file of the client's private key for mutual TLS (`OTEL_EXPORTER_OTLP_CLIENT_KEY`,
   * `_METRICS_CLIENT_KEY` wins); needs `clientCertificate`. @default none
   */
  clientKey: filePath.optional(),
  /**
   * PEM file of the client's certificate chain for mutual TLS
   * (`OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE`, `_METRICS_CLIENT_CERTIFICATE` wins); needs
   * `clientKey`. @default none
   */
  clientCertificate: filePath.optional(),
});

/** Options of the OTLP exporter, after defaults. */
export type OtlpOptions = z.output<typeof otlpOptionsSchema>;
/** Options of the OTLP exporter as written in config or code. */
export type OtlpOptionsInput = z.input<typeof otlpOptionsSchema>;

const lowerCase = (raw: string) => raw.toLowerCase();

/**
 * The standard variables, generic first: a later binding of the same key wins, so each
 * `OTEL_EXPORTER_OTLP_METRICS_*` variable overrides its generic `OTEL_EXPORTER_OTLP_*` twin.
 */
export const OTLP_ENV_BINDINGS: readonly EnvBinding[] = [
  { variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', path: ['endpoint'] },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', path: ['metricsEndpoint'] },
  { variable: 'OTEL_EXPORTER_OTLP_PROTOCOL', path: ['protocol'], parse: lowerCase },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', path: ['protocol'], parse: lowerCase },
  { variable: 'OTEL_EXPORTER_OTLP_HEADERS', path: ['headers'], parse: parseHeaders },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_HEADERS', path: ['metricsHeaders'], parse: parseHeaders },
  { variable: 'OTEL_EXPORTER_OTLP_TIMEOUT', path: ['timeoutMillis'], type: 'int' },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', path: ['timeoutMillis'], type: 'int' },
  { variable: 'OTEL_EXPORTER_OTLP_COMPRESSION', path: ['compression'], parse: lowerCase },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_COMPRESSION', path: ['compression'], parse: lowerCase },
  {
    variable: 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
    path: ['temporality'],
    parse: lowerCase,
  },
  {
    variable: 'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
    path: ['histogramAggregation'],
    parse: lowerCase,
  },
  { variable: 'OTEL_EXPORTER_OTLP_CERTIFICATE', path: ['certificate'] },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE', path: ['certificate'] },
  { variable: 'OTEL_EXPORTER_OTLP_CLIENT_KEY', path: ['clientKey'] },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY', path: ['clientKey'] },
  { variable: 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE', path: ['clientCertificate'] },
  { variable: 'OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE', path: ['clientCertificate'] },
];

/**
 * `key1=value1,key2=value2` with percent-encoded values (the OTel exporter spec's format).
 * @throws {Error} naming the pair that is not `key=value` or not percent-encoded.
 */
export function parseHeaders(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pairs = raw.split(',');
  for (const [index, pair] of pairs.entries()) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    // Header values are credentials more often than not: the message names the pair, never its text.
    if (key === '') {
      throw new Error(
        `expected name=value pairs separated by commas; pair ${index + 1} of ${pairs.length} has no name`,
      );
    }
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw new Error(`expected a percent-encoded value for header "${key}"`);
    }
  }
  return out;
}

/** True when an endpoint variable is set: the environment alone turns OTLP push on. */
export function otlpEnabledByEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  return ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'].some(
    (variable) => (env[variable]?.trim() ?? '') !== '',
  );
}

/**
 * The URL exports go to: `metricsEndpoint` as given, else `endpoint` plus `v1/metrics` over HTTP
 * (as the spec says for the generic variable), else the protocol's default.
 */
export function resolveMetricsUrl(options: OtlpOptions): string {
  if (options.metricsEndpoint !== undefined) return options.metricsEndpoint;
  const grpc = options.protocol === 'grpc';
  const base = options.endpoint ?? (grpc ? 'http://localhost:4317' : 'http://localhost:4318');
  if (grpc) return base;
  return `${base.endsWith('/') ? base : `${base}/`}v1/metrics`;
}
