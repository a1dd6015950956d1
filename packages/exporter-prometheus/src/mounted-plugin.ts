import type { ExporterPlugin } from '@meterline/plugin';
import { prometheusOptionsSchema, type PrometheusOptions } from './options.js';
import { quickPrometheusOptions } from './options-quick.js';
import { readerFromOptions } from './plugin.js';
import type { MetricsHandler } from './scrape-handler.js';

/** A `prometheus` plug-in whose handler the service mounts on its own server. */
export interface MountedPrometheusExporter {
  /** Pass to `startTelemetry({ plugins })`; named `prometheus`, same options as the standalone one. */
  readonly plugin: ExporterPlugin<PrometheusOptions>;
  /**
   * The scrape handler, for the service's own server at any path. Answers 503 until
   * `startTelemetry` has created the reader (or when config did not select `prometheus`).
   */
  readonly handler: MetricsHandler;
}

/**
 * For services that serve metrics on their own port (the job-server seed's `/api/v1/metrics`):
 * the `prometheus` plug-in without a standalone server. Every exposition option
 * (`exporters.prometheus.errorHandling`, naming rules, timeouts, …) and the telemetry's series limit
 * apply; `host`, `port`, `path`, `webConfigFile` and `health` are the service's own server's business.
 */
export function mountedPrometheusExporter(): MountedPrometheusExporter {
  let inner: MetricsHandler | undefined;
  const handler: MetricsHandler = (req, res) => {
    if (inner) return inner(req, res);
    res.statusCode = 503;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('metrics are not ready\n');
  };
  return {
    handler,
    plugin: {
      name: 'prometheus',
      get optionsSchema() {
        return prometheusOptionsSchema();
      },
      quickParse: quickPrometheusOptions,
      create(options, context) {
        const prom = readerFromOptions(options, context);
        inner = prom.handler;
        return Promise.resolve({ reader: prom.reader, endpoints: [] });
      },
    },
  };
}
