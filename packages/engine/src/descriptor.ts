import type { ValueType } from '@opentelemetry/api';
import { type MetricAdvice } from '@opentelemetry/api';
import { AggregationTemporality, InstrumentType } from './sdk-enums.js';

/** What an instrument was created as (after a view's rename and description). */
export interface InstrumentDescriptor {
  readonly name: string;
  readonly type: InstrumentType;
  readonly description: string;
  readonly unit: string;
  readonly valueType: ValueType;
  readonly advice: MetricAdvice;
}

/** The spec's instrument name syntax: a letter, then up to 254 of `[A-Za-z0-9_.-/]`. */
const NAME = /^[a-z][a-z0-9_.\-/]{0,254}$/i;

export function isValidInstrumentName(name: string): boolean {
  return NAME.test(name);
}

/**
 * Two descriptors identify one metric stream when name (case-insensitively), type, unit and value
 * type agree: the spec's identity rule, also the SDK's. Descriptions may differ (the longer wins).
 */
export function sameIdentity(a: InstrumentDescriptor, b: InstrumentDescriptor): boolean {
  return (
    a.name.toLowerCase() === b.name.toLowerCase() &&
    a.type === b.type &&
    a.unit === b.unit &&
    a.valueType === b.valueType
  );
}

export function isAsynchronous(type: InstrumentType): boolean {
  return (
    type === InstrumentType.OBSERVABLE_COUNTER ||
    type === InstrumentType.OBSERVABLE_GAUGE ||
    type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER
  );
}

/** True for instruments whose sum only grows (counters, and a histogram's sum). */
export function isMonotonic(type: InstrumentType): boolean {
  return (
    type === InstrumentType.COUNTER ||
    type === InstrumentType.OBSERVABLE_COUNTER ||
    type === InstrumentType.HISTOGRAM
  );
}

/** True for instruments whose values may be negative (their histograms carry no sum). */
export function allowsNegative(type: InstrumentType): boolean {
  return (
    type === InstrumentType.GAUGE ||
    type === InstrumentType.UP_DOWN_COUNTER ||
    type === InstrumentType.OBSERVABLE_GAUGE ||
    type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER
  );
}

export { AggregationTemporality, InstrumentType };
