import protobuf from 'protobufjs/light.js';
import { METRICS_DESCRIPTOR } from './metrics-descriptor.js';

/**
 * The message types of `io/prometheus/client/metrics.proto` (prometheus/client_model, checked in
 * under `proto/`), as protobufjs builds them from the generated descriptor: its reflection
 * compiles an encoder per type on first use. Field names are the proto's own (`sample_count`).
 */
const root = protobuf.Root.fromJSON(METRICS_DESCRIPTOR as unknown as protobuf.INamespace);

/** `io.prometheus.client.MetricFamily`. */
export const MetricFamilyType = root.lookupType('io.prometheus.client.MetricFamily');
/** `io.prometheus.client.Metric`. */
export const MetricType = root.lookupType('io.prometheus.client.Metric');
/** The `metric` field (repeated `Metric`) of a family, by number. */
export const METRIC_FIELD = MetricFamilyType.fields['metric']!.id;
/** `io.prometheus.client.MetricType` values. */
export const PROTO_TYPE = { COUNTER: 0, GAUGE: 1, SUMMARY: 2, HISTOGRAM: 4 } as const;

/** protobufjs's writer (growing buffer with length-delimited forks). */
export const Writer = protobuf.Writer;
export type Writer = protobuf.Writer;
