import { countSchema, millisSchema, portSchema, z } from '@meterline/plugin';
import { TRANSLATION_STRATEGIES } from './exposition/names.js';

/**
 * Where and how the Prometheus endpoint is served (`exporters.prometheus` in config). Built on
 * first use, not at import: a service whose options {@link quickPrometheusOptions} vouches for
 * never builds it (building it was ~10 ms of a service's start, issue 13).
 */
export function prometheusOptionsSchema(): PrometheusOptionsSchema {
  return (built ??= buildSchema());
}
let built: PrometheusOptionsSchema | undefined;
type PrometheusOptionsSchema = ReturnType<typeof buildSchema>;

const buildSchema = () =>
  z
    .strictObject({
      /**
       * Serve the standalone endpoint. With `false` no server starts (the reader still exists, so a
       * handler can be mounted on the service's own server) and `Metrics endpoint disabled` is logged.
       * @default true
       */
      enabled: z.boolean().default(true),
      /**
       * Interface to bind; another than loopback only when configured (`OTEL_EXPORTER_PROMETHEUS_HOST`).
       * @default '127.0.0.1'
       */
      host: z.string().min(1).default('127.0.0.1'),
      /** Port to bind; 0 picks a free one. @default 9464 (`OTEL_EXPORTER_PROMETHEUS_PORT`) */
      port: portSchema.default(9464),
      /** Path of the metrics endpoint. @default '/metrics' */
      path: z
        .string()
        .regex(/^\/[^\s?#]*$/, { error: 'expected an absolute URL path such as /metrics' })
        .default('/metrics'),
      /** Serve `/healthz`, `/readyz` and `/health` from the service's health registry. @default true */
      health: z.boolean().default(true),
      /**
       * An exporter-toolkit `web-config.yml` (TLS, client certificates, bcrypt basic auth), the same
       * file `promtool check web-config` accepts. Relative paths inside resolve against its folder.
       * @default none
       */
      webConfigFile: z.string().min(1).optional(),
      /** `http-error` answers 5xx when collection reports errors; `continue` serves what it has. @default 'http-error' */
      errorHandling: z.enum(['http-error', 'continue']).default('http-error'),
      /** Scrape timeout when the scraper sends none (`X-Prometheus-Scrape-Timeout-Seconds`). @default 10 */
      scrapeTimeoutSeconds: z
        .number({ error: 'expected a number of seconds above 0 and at most 300' })
        .positive({ error: 'expected a number of seconds above 0 and at most 300' })
        .max(300, { error: 'expected a number of seconds above 0 and at most 300' })
        .default(10),
      /**
       * Scrapes that serialize at once; the others (up to `maxInFlight`) wait their turn. One keeps a
       * storm of scrapes from starving the service's own requests. @default 1
       */
      maxConcurrentRenders: countSchema('scrapes', { min: 1, max: 64 }).default(1),
      /** Open connections per listener; one over the cap is closed at once. @default 512 */
      maxConnections: countSchema('connections', { min: 1, max: 65_536 }).default(512),
      /** Time a client has to send a request head before it gets `408`. @default 10000 */
      headersTimeoutMillis: millisSchema({ min: 100, max: 600_000 }).default(10_000),
      /** Time a client has to send the whole request; at least `headersTimeoutMillis`. @default 30000 */
      requestTimeoutMillis: millisSchema({ min: 100, max: 600_000 }).default(30_000),
      /** How long an idle keep-alive connection waits for the next request. @default 30000 */
      keepAliveTimeoutMillis: millisSchema({ min: 100, max: 600_000 }).default(30_000),
      /** A connection with no traffic either way for this long is destroyed. @default 60000 */
      idleTimeoutMillis: millisSchema({ min: 1000, max: 3_600_000 }).default(60_000),
      /**
       * Scrapes in flight at once, serializing or waiting their turn (they share one collection, so a
       * waiting scrape costs no CPU); more get 503 right away. @default 64
       */
      maxInFlight: countSchema('scrapes', { min: 1, max: 1024 }).default(64),
      /** gzip when the scraper accepts it. @default true */
      gzip: z.boolean().default(true),
      /** Log one line per request. @default false */
      logRequests: z.boolean().default(false),
      /**
       * How instrument names become Prometheus names, Prometheus 3's OTLP `translation_strategy`
       * values (see the README's naming rules). @default 'UnderscoreEscapingWithSuffixes'
       */
      translationStrategy: z.enum(TRANSLATION_STRATEGIES).default('UnderscoreEscapingWithSuffixes'),
      /** Append unit suffixes (`_seconds`, `_bytes`) to names that lack them. @default true */
      unitSuffixes: z.boolean().default(true),
      /**
       * Convert `ms`/`us`/`ns`/`min`/`h`/`d` to seconds and `KiBy`/`MBy`/… to bytes (`_seconds`,
       * `_bytes`). Off by default: pushed over OTLP the same instrument keeps its unit. @default false
       */
      baseUnits: z.boolean().default(false),
      /** Append `_total` to counters that lack it. @default true */
      totalSuffix: z.boolean().default(true),
      /** Expose the resource as `target_info`. @default true */
      targetInfo: z.boolean().default(true),
      /** Add `otel_scope_name` / `otel_scope_version` labels. @default true */
      scopeLabels: z.boolean().default(true),
      /**
       * Schema (-4..8) of the fixed `le` bounds exponential histograms get in the text formats: the
       * powers of 2^(2^-schema), 2^schema bounds per power of two. The protobuf exposition carries
       * them as native histograms instead. @default 3
       */
      exponentialClassicSchema: z
        .number({ error: 'expected a whole number from -4 to 8' })
        .int({ error: 'expected a whole number from -4 to 8' })
        .min(-4, { error: 'expected a whole number from -4 to 8' })
        .max(8, { error: 'expected a whole number from -4 to 8' })
        .default(3),
      /**
       * Aggregation of histograms no view configures, for this endpoint: `explicit` or `exponential`
       * (native histograms over protobuf). A view's `exponential` or `buckets` wins. @default 'explicit'
       */
      histogramAggregation: z
        .enum(['explicit', 'exponential'], { error: 'expected explicit or exponential' })
        .default('explicit'),
      /**
       * OpenMetrics: a `_created` sample (start time) per counter and histogram series, as
       * OpenMetrics 1.0 asks; Prometheus stores it as one more series. @default true
       */
      createdSamples: z.boolean().default(true),
    })
    .refine((o) => o.requestTimeoutMillis >= o.headersTimeoutMillis, {
      path: ['requestTimeoutMillis'],
      error: 'expected at least headersTimeoutMillis: the request includes its head',
    });

/** Options of the Prometheus exporter, after defaults. */
export type PrometheusOptions = z.output<PrometheusOptionsSchema>;
/** Options of the Prometheus exporter as written in config or code. */
export type PrometheusOptionsInput = z.input<PrometheusOptionsSchema>;
