import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { toServiceError } from './status.js';

/**
 * A grpc-js unary handler from an async function: its result is the response, a thrown
 * `GrpcStatusError` its status (anything else INTERNAL). The server keeps serving either way.
 */
export function unary<Req, Res>(
  handle: (call: ServerUnaryCall<Req, Res>) => Promise<Res> | Res,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error)),
      );
  };
}
