import { fileURLToPath } from 'node:url';

// Apart from proto.ts, which loads @grpc/grpc-js: the package's index exports PROTO_DIR, and
// importing the index must not load gRPC (a service may ship the plug-in without enabling it).

/** The folder holding `meterline/metrics/v1/*.proto` (shipped with the package). */
export const PROTO_DIR = fileURLToPath(new URL('../proto', import.meta.url));

/** The API's files, relative to {@link PROTO_DIR}. */
export const PROTO_FILES = [
  'meterline/metrics/v1/metrics_service.proto',
  'meterline/metrics/v1/admin_service.proto',
] as const;
