import { readFileSync } from 'node:fs';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { loadSync } from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { AdminAudit, GRPC_METER } from './admin/audit.js';
import { createAdminService } from './admin/admin-service.js';
import { AdminAuth } from './auth/admin-auth.js';
import { callMetrics } from './call-metrics.js';
import { createMetricsService } from './metrics/metrics-service.js';
import type { GrpcOptions } from './options.js';
import { loadDefinition, loadServices } from './proto.js';
import type { GrpcSources } from './sources.js';

/** The fully qualified names of the two services. */
export const METRICS_SERVICE = 'meterline.metrics.v1.MetricsService';
export const ADMIN_SERVICE = 'meterline.metrics.v1.MetricsAdminService';

/** A running gRPC server of both services. */
export interface GrpcServer {
  /** `grpc://host:port` (`grpcs://` with TLS). */
  readonly url: string;
  /** The port bound (useful with port 0). */
  readonly port: number;
  /**
   * Ends open watches with UNAVAILABLE, reports NOT_SERVING on the health service, stops
   * accepting calls and waits for those in flight (at most `graceMillis`, then cancels them).
   * Idempotent.
   */
  close(graceMillis?: number): Promise<void>;
}

/**
 * Starts MetricsService, MetricsAdminService, the standard health service (`grpc.health.v1`) and
 * server reflection on `options.host:options.port`.
 * @throws Error when the address cannot be bound or a TLS file cannot be read.
 */
export async function startGrpcServer(
  options: GrpcOptions,
  sources: GrpcSources,
): Promise<GrpcServer> {
  const definition = loadDefinition();
  const proto = loadServices(definition).meterline.metrics.v1;
  const server = new Server({
    interceptors: [callMetrics(() => sources.meter(GRPC_METER))],
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes,
    'grpc.max_send_message_length': options.maxSendMessageBytes,
    'grpc.max_concurrent_streams': options.maxConcurrentStreams,
    'grpc.keepalive_time_ms': options.keepaliveTimeMillis,
    'grpc.keepalive_timeout_ms': options.keepaliveTimeoutMillis,
    'grpc.max_connection_idle_ms': options.maxConnectionIdleMillis,
  });
  const { handlers, watches } = createMetricsService(sources, {
    defaultIntervalMillis: options.watchDefaultIntervalMillis,
    minIntervalMillis: options.watchMinIntervalMillis,
    maxWatches: options.maxWatches,
    collectTimeoutMillis: options.collectTimeoutMillis,
    readBurst: options.readBurst,
    readPerSecond: options.readPerSecond,
    recordBurst: options.recordBurst,
    recordPerSecond: options.recordPerSecond,
    recordMaxInstruments: options.recordMaxInstruments,
    maxCursors: options.maxCursors,
    cursorTtlMillis: options.cursorTtlMillis,
  });
  server.addService(proto.MetricsService.service, handlers);
  const auth = new AdminAuth(options.admin);
  server.addService(
    proto.MetricsAdminService.service,
    createAdminService(sources, new AdminAudit(auth, sources)),
  );
  const health = new HealthImplementation({
    '': 'SERVING',
    [METRICS_SERVICE]: 'SERVING',
    [ADMIN_SERVICE]: 'SERVING',
  });
  health.addToServer(server);
  // Reflection describes the health service too, so stock tools see everything served.
  new ReflectionService({ ...definition, ...loadSync(healthProtoPath) }).addToServer(server);

  const credentials = options.tls
    ? ServerCredentials.createSsl(
        options.tls.clientCaFile ? readFileSync(options.tls.clientCaFile) : null,
        [
          {
            cert_chain: readFileSync(options.tls.certFile),
            private_key: readFileSync(options.tls.keyFile),
          },
        ],
        options.tls.clientCaFile !== undefined,
      )
    : ServerCredentials.createInsecure();
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port}`, credentials, (error, bound) =>
      error
        ? reject(
            new Error(`gRPC server cannot listen on ${host}:${options.port}: ${error.message}`),
          )
        : resolve(bound),
    ),
  );
  const url = `${options.tls ? 'grpcs' : 'grpc'}://${host}:${port}`;
  if (!options.admin.bearerToken && !options.admin.basicAuthUsers) {
    sources.logger.warn(
      options.admin.allowUnauthenticated
        ? `gRPC admin service at ${url} accepts unauthenticated calls (admin.allowUnauthenticated)`
        : `gRPC admin service at ${url} has no credentials configured: every admin call is refused`,
    );
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close(graceMillis = 5000) {
      closing ??= new Promise<void>((resolve) => {
        for (const name of ['', METRICS_SERVICE, ADMIN_SERVICE])
          health.setStatus(name, 'NOT_SERVING');
        watches.closeAll();
        const timer = setTimeout(() => server.forceShutdown(), graceMillis);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return closing;
    },
  };
}
