import { portSchema } from '@meterline/sdk';
import { z } from 'zod';

/** Where and how the Prometheus endpoint is served. */
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
});

/** Options of the Prometheus exporter, after defaults. */
export type PrometheusOptions = z.output<typeof prometheusOptionsSchema>;
/** Options of the Prometheus exporter as written in config or code. */
export type PrometheusOptionsInput = z.input<typeof prometheusOptionsSchema>;
