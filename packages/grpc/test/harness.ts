import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { HealthRegistry, type Logger, type PushExporterReport } from '@meterline/plugin';
import type { EngineAdmin } from '@meterline/engine';
import { grpcOptionsSchema, type GrpcOptionsInput } from '../src/options.js';
import { loadDefinition, loadServices } from '../src/proto.js';
import { QueryReader } from '../src/query/query-reader.js';
import { startGrpcServer, type GrpcServer } from '../src/server.js';

/** A server of both services on a free loopback port, over the SDK's provider, for unit tests. */
export interface Harness {
  readonly server: GrpcServer;
  readonly provider: MeterProvider;
  readonly health: HealthRegistry;
  readonly logs: string[];
  readonly metrics: ReturnType<typeof loadServices>['meterline']['metrics']['v1'];
  /** Calls a unary method with our own grpc-js client; resolves with the response or the error. */
  call<T = Record<string, unknown>>(
    service: 'MetricsService' | 'MetricsAdminService',
    method: string,
    request: object,
    authorization?: string,
  ): Promise<{ response?: T; error?: ServiceError }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: GrpcOptionsInput,
  extras: {
    admin?: EngineAdmin;
    config?: unknown;
    flushPushExporters?: () => Promise<PushExporterReport[]>;
  } = {},
): Promise<Harness> {
  const reader = new QueryReader({ cardinalityLimit: 2000 });
  const provider = new MeterProvider({ readers: [reader] });
  const health = new HealthRegistry();
  const logs: string[] = [];
  const logger: Logger = {
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  const server = await startGrpcServer(grpcOptionsSchema.parse({ port: 0, ...options }), {
    ready: () => reader.ready,
    collect: (t) => reader.collectNow(t),
    meter: (name) => provider.getMeter(name),
    admin: () => extras.admin,
    config: () => extras.config,
    health,
    cardinalityLimit: 2000,
    ...(extras.flushPushExporters ? { flushPushExporters: extras.flushPushExporters } : {}),
    logger,
  });
  const metrics = loadServices(loadDefinition()).meterline.metrics.v1;
  const address = server.url.replace('grpc://', '');
  const clients = {
    MetricsService: new metrics.MetricsService(address, credentials.createInsecure()),
    MetricsAdminService: new metrics.MetricsAdminService(address, credentials.createInsecure()),
  };
  return {
    server,
    provider,
    health,
    logs,
    metrics,
    call(service, method, request, authorization) {
      const metadata = new Metadata();
      if (authorization) metadata.set('authorization', authorization);
      const client = clients[service] as unknown as Record<
        string,
        (
          req: object,
          md: Metadata,
          cb: (error: ServiceError | null, response: unknown) => void,
        ) => void
      >;
      return new Promise((resolve) =>
        client[method]!.call(client, request, metadata, (error, response) =>
          resolve(error ? { error } : { response: response as never }),
        ),
      );
    },
    async close() {
      clients.MetricsService.close();
      clients.MetricsAdminService.close();
      await server.close();
      await provider.shutdown();
    },
  };
}
