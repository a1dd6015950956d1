import type { ExporterPlugin } from '@meterline/plugin';
import { grpcOptionsSchema, type GrpcOptions } from './options.js';
import { QueryReader } from './query/query-reader.js';
import { startGrpcServer } from './start-grpc-server-on-demand.js';

/**
 * The `grpc` plug-in: serves MetricsService and MetricsAdminService (plus the standard health
 * service and server reflection) at `grpc://<host>:<port>`, next to whatever other exporters run.
 * Its reader collects only when a call asks. Listed like an exporter:
 * `metrics.exporters: [prometheus, grpc]`, options under `exporters.grpc`.
 */
export const grpcServices: ExporterPlugin<GrpcOptions> = {
  name: 'grpc',
  optionsSchema: grpcOptionsSchema,
  env: [
    { variable: 'METERLINE_GRPC_HOST', path: ['host'] },
    { variable: 'METERLINE_GRPC_PORT', path: ['port'], type: 'int' },
  ],
  async create(options, context) {
    const reader = new QueryReader({
      cardinalityLimit: context.cardinalityLimit,
      metricProducers: context.metricProducers,
    });
    const server = await startGrpcServer(options, {
      ready: () => reader.ready,
      collect: (timeoutMillis) => reader.collectNow(timeoutMillis),
      meter: (name) => context.meterProvider.getMeter(name),
      // Getters of the context: the engine's admin exists only once startTelemetry resolved.
      admin: () => context.admin,
      config: () => context.config,
      health: context.health,
      cardinalityLimit: context.cardinalityLimit,
      ...(context.flushPushExporters
        ? { flushPushExporters: () => context.flushPushExporters!() }
        : {}),
      logger: context.logger,
    });
    context.logger.info(`gRPC services at ${server.url}`);
    return {
      reader,
      endpoints: [{ exporter: 'grpc', url: server.url }],
      drain: () => server.close(),
      close: () => server.close(),
    };
  },
};
