/** Network error codes that mean the receiver could not be reached or dropped the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
]);

/** gRPC status codes by number, as the `grpc_<name>` reasons spell them. */
const GRPC_STATUS = [
  'ok',
  'cancelled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal',
  'unavailable',
  'data_loss',
  'unauthenticated',
];

/**
 * Names why an export failed, from the error the stock exporter reports, as a small closed set
 * fit for a metric attribute:
 * - `timeout`: no answer within the export timeout (gRPC `DEADLINE_EXCEEDED` included);
 * - `network`: connection refused, reset, unreachable, DNS failure;
 * - `retryable_status`: 429, 502, 503 or 504 on every attempt until the retries or the time ran out;
 * - `http_<status>`: a status the spec says not to retry (`http_400`, `http_401`, `http_500`, …);
 * - `grpc_<status>`: a gRPC status other than those above (`grpc_unavailable`, …);
 * - `concurrency_limit`: the previous exports still hold every slot;
 * - `other`: anything else (a response too large, a serialization error).
 */
export function failureReason(error: unknown, grpc: boolean): string {
  if (!(error instanceof Error)) return 'other';
  const { message } = error;
  const code = (error as { code?: unknown }).code;
  if (message === 'Request timed out' || error.name === 'TimeoutError') return 'timeout';
  if (message === 'Concurrent export limit reached') return 'concurrency_limit';
  if (message === 'Export failed with retryable status') return 'retryable_status';
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'network';
  if (typeof code === 'number') {
    if (grpc) {
      if (code === 4) return 'timeout';
      return `grpc_${GRPC_STATUS[code] ?? 'unknown'}`;
    }
    if (Number.isInteger(code) && code >= 100 && code <= 599) return `http_${code}`;
  }
  return 'other';
}
