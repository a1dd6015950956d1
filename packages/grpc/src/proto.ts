import { loadPackageDefinition, type GrpcObject } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminProto } from './generated/admin_service.js';
import type { ProtoGrpcType as MetricsProto } from './generated/metrics_service.js';
import { PROTO_DIR, PROTO_FILES } from './proto-dir.js';

export { PROTO_DIR, PROTO_FILES };

/**
 * Loader options; the generated types (scripts/generate.mjs) are made with the same ones: enums
 * as their names, 64-bit integers as numbers, defaults filled in, oneofs named.
 */
const LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

/** The package definition of both services (also what server reflection describes). */
export function loadDefinition(): PackageDefinition {
  return loadSync([...PROTO_FILES], LOADER_OPTIONS);
}

/** The typed gRPC objects of `meterline.metrics.v1`. */
export function loadServices(definition: PackageDefinition): MetricsProto & AdminProto {
  return loadPackageDefinition(definition) as GrpcObject as unknown as MetricsProto & AdminProto;
}
