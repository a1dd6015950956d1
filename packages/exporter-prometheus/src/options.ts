import { countSchema, portSchema } from '@meterline/sdk';
import { z } from 'zod';

/** Where and how the Prometheus endpoint is served (`exporters.prometheus` in config). */
export const prometheusOptionsSchema = z.strictObject({
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
  /** Scrapes answered at once; more get 503. @default 16 */
  maxInFlight: countSchema('scrapes', { min: 1, max: 1024 }).default(16),
  /** gzip when the scraper accepts it. @default true */
  gzip: z.boolean().default(true),
  /** Log one line per request. @default false */
  logRequests: z.boolean().default(false),
  /** Append unit suffixes (`_seconds`, `_bytes`) to names that lack them. @default true */
  unitSuffixes: z.boolean().default(true),
  /** Convert `ms`/`us`/`ns`/`min`/`h`/`d` to seconds and `KiBy`/`MBy`/… to bytes. @default true */
  baseUnits: z.boolean().default(true),
  /** Append `_total` to counters that lack it. @default true */
  totalSuffix: z.boolean().default(true),
  /** Expose the resource as `target_info`. @default true */
  targetInfo: z.boolean().default(true),
  /** Add `otel_scope_name` / `otel_scope_version` labels. @default true */
  scopeLabels: z.boolean().default(true),
});

/** Options of the Prometheus exporter, after defaults. */
export type PrometheusOptions = z.output<typeof prometheusOptionsSchema>;
/** Options of the Prometheus exporter as written in config or code. */
export type PrometheusOptionsInput = z.input<typeof prometheusOptionsSchema>;
