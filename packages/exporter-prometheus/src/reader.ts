import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MetricReader } from '@opentelemetry/sdk-metrics';

/** A `(req, res)` handler that answers a scrape; mount it at any path of any `node:http` server. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A pull reader and the handler that serves what it collects. */
export interface PrometheusReader {
  /** Give this to the meter provider (or let `startTelemetry` do it through the plug-in). */
  readonly reader: MetricReader;
  /** Answers GET and HEAD with the exposition; other methods get 405. */
  readonly handler: MetricsHandler;
}

/**
 * Creates a Prometheus pull reader. No I/O: it serves nothing until its handler is mounted.
 *
 * First cut: the exposition is the stock `@opentelemetry/exporter-prometheus` serializer (text
 * format 0.0.4, `_total` on monotonic sums, `target_info` from the resource), used with its own
 * server disabled.
 */
export function createPrometheusReader(): PrometheusReader {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const handler: MetricsHandler = (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`method ${req.method ?? '?'} not allowed on the metrics endpoint\n`);
      return;
    }
    exporter.getMetricsRequestHandler(req, res);
  };
  return { reader: exporter, handler };
}
