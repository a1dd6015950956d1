import protobuf from 'protobufjs/light.js';
import { OTLP_DESCRIPTOR } from './otlp-descriptor.js';

let requestType: protobuf.Type | undefined;

/**
 * `opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest` of the official
 * opentelemetry-proto (checked in under `proto/`, compiled into `otlp-descriptor.ts`), built on
 * first use. Field names are lowerCamelCase, as in the OTLP JSON mapping.
 */
export function exportRequestType(): protobuf.Type {
  requestType ??= protobuf.Root.fromJSON(
    OTLP_DESCRIPTOR as unknown as protobuf.INamespace,
  ).lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
  return requestType;
}
