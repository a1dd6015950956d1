import type { startGrpcServer as StartGrpcServer } from './server.js';

/**
 * Starts the gRPC server: `server.ts`'s `startGrpcServer` (see there), imported at the first call.
 * `@grpc/grpc-js`, the proto loader, reflection and health are some 200 modules, which a service
 * that ships the plug-in without enabling it (or only imports `PROTO_DIR`) never loads.
 */
export async function startGrpcServer(
  ...args: Parameters<typeof StartGrpcServer>
): ReturnType<typeof StartGrpcServer> {
  const { startGrpcServer: start } = await import('./server.js');
  return start(...args);
}
