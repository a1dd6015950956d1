import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * A decoder built by protobufjs's parser straight from the checked-in official metrics.proto
 * (not from the generated descriptor the encoder uses), so a wrong descriptor shows here.
 */
export const protoRoot = new protobuf.Root().loadSync(
  fileURLToPath(new URL('../../proto/io/prometheus/client/metrics.proto', import.meta.url)),
  { keepCase: true },
);
const MetricFamily = protoRoot.lookupType('io.prometheus.client.MetricFamily');

/** A decoded family, with 64-bit numbers as numbers and enums as names. */
export interface DecodedFamily {
  name: string;
  help?: string;
  type: string;
  unit?: string;
  metric: DecodedMetric[];
}

export interface DecodedExemplar {
  label?: { name: string; value: string }[];
  value?: number;
  timestamp?: { seconds: number; nanos?: number };
}

export interface DecodedMetric {
  label?: { name: string; value: string }[];
  counter?: {
    value: number;
    created_timestamp?: { seconds: number; nanos: number };
    exemplar?: DecodedExemplar;
  };
  gauge?: { value: number };
  histogram?: DecodedHistogram;
  summary?: {
    sample_count?: number;
    sample_sum?: number;
    quantile?: { quantile?: number; value?: number }[];
    created_timestamp?: { seconds: number; nanos: number };
  };
}

export interface DecodedHistogram {
  sample_count?: number;
  sample_sum?: number;
  bucket?: { cumulative_count?: number; upper_bound?: number; exemplar?: DecodedExemplar }[];
  exemplars?: DecodedExemplar[];
  schema?: number;
  zero_threshold?: number;
  zero_count?: number;
  positive_span?: { offset?: number; length?: number }[];
  positive_delta?: number[];
  negative_span?: { offset?: number; length?: number }[];
  negative_delta?: number[];
}

/** Decodes a delimited stream of `MetricFamily` messages. */
export function decodeFamilies(bytes: Uint8Array): DecodedFamily[] {
  const reader = protobuf.Reader.create(bytes);
  const families: DecodedFamily[] = [];
  while (reader.pos < reader.len) {
    const message = MetricFamily.decodeDelimited(reader);
    families.push(
      MetricFamily.toObject(message, { longs: Number, enums: String }) as DecodedFamily,
    );
  }
  return families;
}

/**
 * The native buckets of one sign as `[lower, upper, count]` (absolute values), read the way
 * Prometheus reads them: bucket `i` is (base^(i-1), base^i], base = 2^(2^-schema), counts are
 * deltas to the previous bucket across spans.
 */
export function nativeBuckets(
  h: DecodedHistogram,
  sign: 'positive' | 'negative',
): [number, number, number][] {
  const spans = h[`${sign}_span`] ?? [];
  const deltas = h[`${sign}_delta`] ?? [];
  const base = Math.pow(2, Math.pow(2, -(h.schema ?? 0)));
  const out: [number, number, number][] = [];
  let index = 0;
  let count = 0;
  let d = 0;
  for (let s = 0; s < spans.length; s++) {
    index += spans[s]!.offset ?? 0;
    for (let k = 0; k < (spans[s]!.length ?? 0); k++) {
      count += deltas[d++]!;
      out.push([Math.pow(base, index - 1), Math.pow(base, index), count]);
      index++;
    }
  }
  return out;
}
