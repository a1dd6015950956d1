import type { Attributes, HrTime } from '@opentelemetry/api';
import { attributeToString } from '../escape.js';
import { sanitizeLabelName } from '../names.js';
import type { LabelPair } from './label-pairs.js';

/** An exemplar as the OTel SDK's data points carry them (none in SDK 3.1; the engine will). */
interface ExemplarLike {
  readonly value: number;
  /** HrTime in the SDK's types; a number is read as milliseconds since the epoch. */
  readonly timestamp?: HrTime | number;
  readonly filteredAttributes?: Attributes;
  readonly traceId?: string;
  readonly spanId?: string;
}

/** `io.prometheus.client.Exemplar` as plain fields. */
export interface ProtoExemplar {
  readonly label: LabelPair[];
  readonly value: number;
  readonly timestamp?: { seconds: number; nanos: number };
}

/** Prometheus drops an exemplar whose label names and values exceed 128 UTF-8 characters. */
const MAX_LABEL_CHARS = 128;

/** The exemplars a data point carries, or undefined. */
export function exemplarsOf(point: object): readonly ExemplarLike[] | undefined {
  const exemplars = (point as { exemplars?: readonly ExemplarLike[] }).exemplars;
  return exemplars && exemplars.length > 0 ? exemplars : undefined;
}

/**
 * One exemplar as Prometheus reads it from protobuf: `trace_id` and `span_id` first, then the
 * filtered attributes as long as the label set stays within 128 characters (the rest are left
 * out, so the exemplar is kept rather than refused), the value converted like the samples, the
 * timestamp (required on native histograms) from the SDK's HrTime.
 */
export function toProtoExemplar(
  exemplar: ExemplarLike,
  convert: (v: number) => number,
): ProtoExemplar {
  const label: LabelPair[] = [];
  let chars = 0;
  const add = (name: string, value: string) => {
    const length = [...name].length + [...value].length;
    if (chars + length > MAX_LABEL_CHARS) return;
    chars += length;
    label.push({ name, value });
  };
  if (exemplar.traceId) add('trace_id', exemplar.traceId);
  if (exemplar.spanId) add('span_id', exemplar.spanId);
  const attributes = exemplar.filteredAttributes ?? {};
  for (const key of Object.keys(attributes).sort()) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    add(sanitizeLabelName(key), attributeToString(value));
  }
  const message = { label, value: convert(exemplar.value) };
  const time = exemplar.timestamp;
  if (time === undefined) return message;
  if (typeof time === 'number') {
    return {
      ...message,
      timestamp: { seconds: Math.floor(time / 1000), nanos: Math.round((time % 1000) * 1e6) },
    };
  }
  return { ...message, timestamp: { seconds: time[0], nanos: time[1] } };
}

/** The last exemplar of `point` that `match` accepts (all when no match), converted. */
export function lastExemplar(
  point: object,
  convert: (v: number) => number,
  match?: (value: number) => boolean,
): ProtoExemplar | undefined {
  const exemplars = exemplarsOf(point);
  if (!exemplars) return undefined;
  for (let i = exemplars.length - 1; i >= 0; i--) {
    if (!match || match(exemplars[i]!.value)) return toProtoExemplar(exemplars[i]!, convert);
  }
  return undefined;
}
