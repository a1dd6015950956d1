import { describe, expect, it } from 'vitest';
import { failureReason } from '../src/index.js';

/** An error shaped like the stock exporter's OTLPExporterError. */
function otlpError(message: string, code?: number): Error {
  return Object.assign(new Error(message), { name: 'OTLPExporterError', code });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:4318`), { code });
}

describe('failureReason', () => {
  it.each([
    [new Error('Request timed out'), false, 'timeout'],
    [Object.assign(new Error('late'), { name: 'TimeoutError' }), false, 'timeout'],
    [new Error('Concurrent export limit reached'), false, 'concurrency_limit'],
    [otlpError('Export failed with retryable status'), false, 'retryable_status'],
    [networkError('ECONNREFUSED'), false, 'network'],
    [networkError('ECONNRESET'), false, 'network'],
    [networkError('ENOTFOUND'), false, 'network'],
    [otlpError('Bad Request', 400), false, 'http_400'],
    [otlpError('Unauthorized', 401), false, 'http_401'],
    [otlpError('Payload Too Large', 413), false, 'http_413'],
    [otlpError('Internal Server Error', 500), false, 'http_500'],
    [Object.assign(new Error('deadline'), { code: 4 }), true, 'timeout'],
    [Object.assign(new Error('unavailable'), { code: 14 }), true, 'grpc_unavailable'],
    [Object.assign(new Error('auth'), { code: 16 }), true, 'grpc_unauthenticated'],
    [Object.assign(new Error('odd'), { code: 99 }), true, 'grpc_unknown'],
    [new Error('OTLP export response body exceeded size limit'), false, 'other'],
    ['not an error', false, 'other'],
    [undefined, false, 'other'],
  ])('%s (grpc: %s) -> %s', (error, grpc, reason) => {
    expect(failureReason(error, grpc)).toBe(reason);
  });
});
