import { createRequire } from 'node:module';
import type protobuf from 'protobufjs/light.js';
import { OTLP_DESCRIPTOR } from './otlp-descriptor.js';

let requestType: protobuf.Type | undefined;

/**
 * `opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest` of the official
 * opentelemetry-proto (checked in under `proto/`, compiled into `otlp-descriptor.ts`), built on
 * first use. Field names are lowerCamelCase, as in the OTLP JSON mapping.
 */
export function exportRequestType(): protobuf.Type {
  if (requestType) return requestType;
  // protobufjs is required here, at the first encoding, not imported: a service that ships this
  // package without pushing (its demos) never loads it. It is CommonJS, so `require` gives the
  // copy an `import` would.
  const { Root } = createRequire(import.meta.url)('protobufjs/light.js') as typeof protobuf;
  requestType = Root.fromJSON(OTLP_DESCRIPTOR as unknown as protobuf.INamespace).lookupType(
    'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  );
  return requestType;
}
