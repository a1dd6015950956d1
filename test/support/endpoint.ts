import { prometheusExporter } from '@meterline/exporter-prometheus';
import { startTelemetry, type TelemetryHandle } from '@meterline/sdk';
import { recordingLogger } from '@meterline/testing';

/** What {@link startEndpoint} takes: the service name, its views, the endpoint's options. */
export interface EndpointSetup {
  readonly service: string;
  /** `metrics.views`, as in a config file. @default none */
  readonly views?: readonly object[];
  /** `exporters.prometheus`, beside `port: 0`. @default none */
  readonly prometheus?: Readonly<Record<string, unknown>>;
}

/**
 * A quiet service serving a Prometheus endpoint on a free loopback port, the way the exposition
 * end-to-end tests want it: no resource detection, no runtime metrics, not registered globally,
 * logging into a recording logger. Returns the handle and the endpoint URL; the caller shuts it
 * down.
 */
export async function startEndpoint(
  setup: EndpointSetup,
): Promise<{ telemetry: TelemetryHandle; url: string }> {
  const telemetry = await startTelemetry({
    plugins: [prometheusExporter],
    registerGlobal: false,
    logger: recordingLogger(),
    config: {
      resource: { detect: false },
      service: { name: setup.service },
      metrics: { runtime: { enabled: false }, views: setup.views ?? [] },
      exporters: { prometheus: { port: 0, ...setup.prometheus } },
    } as never,
  });
  return { telemetry, url: telemetry.endpoints[0]!.url };
}
