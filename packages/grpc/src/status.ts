import { status, type ServiceError } from '@grpc/grpc-js';
import { Metadata } from '@grpc/grpc-js';

/**
 * An error a handler throws to answer with a gRPC status: the code and a message for the caller
 * (which must name what was wrong and never carry a secret).
 */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcStatusError';
  }
}

/** INVALID_ARGUMENT naming the request field (`field: message`). */
export function invalidArgument(field: string, message: string): GrpcStatusError {
  return new GrpcStatusError(status.INVALID_ARGUMENT, `${field}: ${message}`);
}

/** NOT_FOUND for an instrument no meter created. */
export function instrumentNotFound(field: string, name: string): GrpcStatusError {
  return new GrpcStatusError(status.NOT_FOUND, `${field}: no instrument is named "${name}"`);
}

/**
 * The status a failed handler answers with: its own code for a {@link GrpcStatusError}, INTERNAL
 * (with the error's message) for anything else.
 */
export function toServiceError(error: unknown): Partial<ServiceError> {
  if (error instanceof GrpcStatusError) {
    return { code: error.code, details: error.message, metadata: new Metadata() };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: status.INTERNAL, details: `internal error: ${message}`, metadata: new Metadata() };
}

/** The status code's name (`NOT_FOUND`), for logs and metric attributes. */
export function statusName(code: status): string {
  return status[code] ?? String(code);
}
