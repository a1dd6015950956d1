export { grpcServices } from './plugin.js';
export type { GrpcOptions, GrpcOptionsInput } from './options.js';
export { startGrpcServer } from './start-grpc-server-on-demand.js';
export type { GrpcServer } from './server.js';
export type { GrpcSources } from './sources.js';
export { QueryReader } from './query/query-reader.js';
export type { QueryReaderOptions } from './query/query-reader.js';
export { PROTO_DIR } from './proto-dir.js';
