import type { Attributes } from '@opentelemetry/api';
import type { Measurement__Output } from '../generated/meterline/metrics/v1/Measurement.js';
import { invalidArgument } from '../status.js';

/** OpenTelemetry's instrument name syntax. */
const NAME = /^[A-Za-z][A-Za-z0-9_./-]{0,254}$/;
// eslint-disable-next-line no-control-regex
const UNIT = /^[\x00-\x7f]{0,63}$/;

/** The kinds `Record` can create. */
export type RecordKind = 'counter' | 'up_down_counter' | 'histogram' | 'gauge';

const KINDS: Partial<Record<string, RecordKind>> = {
  INSTRUMENT_KIND_COUNTER: 'counter',
  INSTRUMENT_KIND_UP_DOWN_COUNTER: 'up_down_counter',
  INSTRUMENT_KIND_HISTOGRAM: 'histogram',
  INSTRUMENT_KIND_GAUGE: 'gauge',
};

/** A measurement that passed validation, ready for the OTel API. */
export interface ValidMeasurement {
  readonly instrument: string;
  readonly kind: RecordKind;
  readonly unit: string;
  readonly description: string;
  readonly value: number;
  readonly attributes: Attributes;
}

/**
 * Checks one measurement as the OTel API's rules would accept it, and turns it into API values.
 * @throws GrpcStatusError INVALID_ARGUMENT naming the field (`measurements[2].value: …`).
 */
export function validateMeasurement(m: Measurement__Output, at: string): ValidMeasurement {
  if (!NAME.test(m.instrument)) {
    throw invalidArgument(
      `${at}.instrument`,
      `${JSON.stringify(m.instrument.slice(0, 300))} is not a valid instrument name ` +
        '(a letter, then up to 254 letters, digits, "_", ".", "-" or "/")',
    );
  }
  const kind = KINDS[m.kind];
  if (kind === undefined) {
    throw invalidArgument(`${at}.kind`, 'must be COUNTER, UP_DOWN_COUNTER, HISTOGRAM or GAUGE');
  }
  if (!UNIT.test(m.unit)) {
    throw invalidArgument(`${at}.unit`, 'must be at most 63 ASCII characters');
  }
  if (m.description.length > 1024) {
    throw invalidArgument(`${at}.description`, 'must be at most 1024 characters');
  }
  if (!Number.isFinite(m.value)) {
    throw invalidArgument(`${at}.value`, `must be a finite number, got ${m.value}`);
  }
  if ((kind === 'counter' || kind === 'histogram') && m.value < 0) {
    throw invalidArgument(`${at}.value`, `a ${kind} takes no negative value, got ${m.value}`);
  }
  const attributes: Attributes = {};
  m.attributes.forEach((a, i) => {
    const field = `${at}.attributes[${i}]`;
    if (a.key === '') throw invalidArgument(`${field}.key`, 'must not be empty');
    if (Object.hasOwn(attributes, a.key)) {
      throw invalidArgument(`${field}.key`, `duplicate key ${JSON.stringify(a.key)}`);
    }
    const v = a.value;
    switch (v?.value) {
      case 'stringValue':
        attributes[a.key] = v.stringValue!;
        break;
      case 'boolValue':
        attributes[a.key] = v.boolValue!;
        break;
      case 'doubleValue':
        attributes[a.key] = v.doubleValue!;
        break;
      case 'intValue': {
        const n = Number(v.intValue);
        if (!Number.isSafeInteger(n)) {
          throw invalidArgument(`${field}.value.int_value`, 'must be within ±(2^53-1)');
        }
        attributes[a.key] = n;
        break;
      }
      default:
        throw invalidArgument(`${field}.value`, 'must be set');
    }
  });
  return {
    instrument: m.instrument,
    kind,
    unit: m.unit,
    description: m.description,
    value: m.value,
    attributes,
  };
}
