import {
  ServerInterceptingCall,
  status as grpcStatus,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import type { Histogram, Meter } from '@opentelemetry/api';

/** Bucket bounds of the call duration, in seconds (1 ms to 10 s). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** gRPC status names by code (`NOT_FOUND` for 5), as the semantic conventions spell them. */
const STATUS_NAMES = new Map<number, string>(
  Object.entries(grpcStatus)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, code]) => [code, name]),
);

/**
 * A server interceptor that measures every call the server answers, per the OpenTelemetry RPC
 * semantic conventions: `rpc.server.call.duration` (seconds, from the call's arrival to its
 * status) with `rpc.system.name="grpc"`, `rpc.method` (`meterline.metrics.v1.MetricsService/Query`,
 * the health and reflection services too) and `rpc.response.status_code` (`OK`, `NOT_FOUND`, …).
 * Only methods the server implements reach an interceptor, so a client cannot grow the series by
 * calling made-up names. The histogram is created at the first call (`meter` is read then).
 */
export function callMetrics(meter: () => Meter): ServerInterceptor {
  let duration: Histogram | undefined;
  return (method, call) => {
    const started = performance.now();
    const name = method.path.startsWith('/') ? method.path.slice(1) : method.path;
    return new ServerInterceptingCall(call, {
      sendStatus(status, next) {
        duration ??= meter().createHistogram('rpc.server.call.duration', {
          description: 'Time from the arrival of a gRPC call to its status',
          unit: 's',
          advice: { explicitBucketBoundaries: DURATION_BUCKETS },
        });
        duration.record((performance.now() - started) / 1000, {
          'rpc.system.name': 'grpc',
          'rpc.method': name,
          'rpc.response.status_code': STATUS_NAMES.get(status.code) ?? String(status.code),
        });
        next(status);
      },
    });
  };
}
