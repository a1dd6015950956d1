import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * A real OTLP/gRPC metrics receiver: `@grpc/grpc-js` serving
 * `opentelemetry.proto.collector.metrics.v1.MetricsService/Export` from the official
 * opentelemetry-proto v1.9.0 files (packages/exporter-otlp/proto, Apache-2.0), decoded by
 * `@grpc/proto-loader`. Nothing of Meterline encodes or decodes what it sees. Its answers can be
 * scripted per call (a gRPC status, or a partial success) to exercise the exporter's handling.
 */

const PROTO_ROOT = fileURLToPath(new URL('../../packages/exporter-otlp/proto', import.meta.url));
const SERVICE_FILE = 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto';

/** An `ExportMetricsServiceRequest` as proto-loader decodes it (camelCase, 64-bit ints as strings). */
export interface OtlpRequest {
  resourceMetrics: OtlpResourceMetrics[];
}
export interface OtlpKeyValue {
  key: string;
  value: { stringValue?: string; intValue?: string; doubleValue?: number; boolValue?: boolean };
}
export interface OtlpResourceMetrics {
  resource: { attributes: OtlpKeyValue[] };
  scopeMetrics: { scope: { name: string; version: string }; metrics: OtlpMetric[] }[];
}
export interface OtlpExemplar {
  filteredAttributes: OtlpKeyValue[];
  timeUnixNano: string;
  asInt?: string;
  asDouble?: number;
  spanId: Buffer;
  traceId: Buffer;
}
export interface OtlpNumberPoint {
  attributes: OtlpKeyValue[];
  exemplars: OtlpExemplar[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  asInt?: string;
  asDouble?: number;
  value: 'asInt' | 'asDouble';
}
export interface OtlpHistogramPoint {
  attributes: OtlpKeyValue[];
  exemplars: OtlpExemplar[];
  count: string;
  sum: number;
  min: number;
  max: number;
  bucketCounts: string[];
  explicitBounds: number[];
}
export interface OtlpMetric {
  name: string;
  unit: string;
  description: string;
  data: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary';
  sum?: { dataPoints: OtlpNumberPoint[]; aggregationTemporality: string; isMonotonic: boolean };
  gauge?: { dataPoints: OtlpNumberPoint[] };
  histogram?: { dataPoints: OtlpHistogramPoint[]; aggregationTemporality: string };
  summary?: { dataPoints: OtlpSummaryPoint[] };
}
export interface OtlpSummaryPoint {
  attributes: OtlpKeyValue[];
  count: string;
  sum: number;
  quantileValues: { quantile: number; value: number }[];
}

/** One received call: the decoded request and the metadata it came with. */
export interface ReceivedExport {
  readonly request: OtlpRequest;
  readonly metadata: Record<string, string>;
}

/** What the receiver answers to one call. */
export type ScriptedAnswer =
  | { readonly status: grpc.status; readonly details?: string }
  | { readonly rejectedDataPoints: number; readonly errorMessage: string };

export interface OtlpGrpcReceiver {
  /** `http://127.0.0.1:<port>` (or `https://` with TLS), the exporter's endpoint. */
  readonly url: string;
  /** Calls answered OK or with a partial success, in order. */
  readonly received: ReceivedExport[];
  /** Every call, also those answered with an error status. */
  calls: number;
  /** Answers for the next calls, consumed in order; an empty script answers OK. */
  script: ScriptedAnswer[];
  close(): Promise<void>;
}

export interface ReceiverTls {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** When given, clients must present a certificate this CA signed. */
  readonly clientCa?: Buffer;
}

/** Starts the receiver on a free loopback port (plain text, or TLS with `tls`). */
export async function startOtlpGrpcReceiver(tls?: ReceiverTls): Promise<OtlpGrpcReceiver> {
  const definition = protoLoader.loadSync(SERVICE_FILE, {
    includeDirs: [PROTO_ROOT],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    opentelemetry: {
      proto: {
        collector: { metrics: { v1: { MetricsService: grpc.ServiceClientConstructor } } };
      };
    };
  };
  const service = loaded.opentelemetry.proto.collector.metrics.v1.MetricsService.service;
  const server = new grpc.Server();
  const receiver: OtlpGrpcReceiver = {
    url: '',
    received: [],
    calls: 0,
    script: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
  server.addService(service, {
    Export(
      call: grpc.ServerUnaryCall<OtlpRequest, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) {
      receiver.calls++;
      const answer = receiver.script.shift();
      if (answer && 'status' in answer) {
        callback({ code: answer.status, details: answer.details ?? 'scripted failure' });
        return;
      }
      const metadata: Record<string, string> = {};
      for (const [key, value] of Object.entries(call.metadata.getMap())) {
        metadata[key] = String(value);
      }
      receiver.received.push({ request: call.request, metadata });
      callback(null, {
        partialSuccess: answer
          ? { rejectedDataPoints: answer.rejectedDataPoints, errorMessage: answer.errorMessage }
          : undefined,
      });
    },
  });
  const credentials = tls
    ? grpc.ServerCredentials.createSsl(
        tls.clientCa ?? null,
        [{ cert_chain: tls.cert, private_key: tls.key }],
        tls.clientCa !== undefined,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return Object.assign(receiver, { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}` });
}

/** Every metric of every request, flattened, by name (the last export's copy wins). */
export function metricsByName(exports: readonly ReceivedExport[]): Map<string, OtlpMetric> {
  const byName = new Map<string, OtlpMetric>();
  for (const { request } of exports) {
    for (const rm of request.resourceMetrics) {
      for (const sm of rm.scopeMetrics) for (const m of sm.metrics) byName.set(m.name, m);
    }
  }
  return byName;
}

/** Attributes of a point or resource as a plain object of their string forms. */
export function attributesOf(attributes: readonly OtlpKeyValue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of attributes) {
    out[key] = String(
      value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue ?? '',
    );
  }
  return out;
}
