import { describe, expect, it } from 'vitest';
import { validateMeasurement } from '../../src/record/validate.js';

const ok = {
  instrument: 'jobs.done',
  kind: 'INSTRUMENT_KIND_COUNTER' as const,
  unit: '{job}',
  description: '',
  value: 1,
  attributes: [
    { key: 's', value: { stringValue: 'x', value: 'stringValue' as const } },
    { key: 'i', value: { intValue: 3, value: 'intValue' as const } },
    { key: 'd', value: { doubleValue: 1.5, value: 'doubleValue' as const } },
    { key: 'b', value: { boolValue: true, value: 'boolValue' as const } },
  ],
};

describe('validateMeasurement', () => {
  it('turns a measurement into OTel API values', () => {
    expect(validateMeasurement(ok, 'm')).toEqual({
      instrument: 'jobs.done',
      kind: 'counter',
      unit: '{job}',
      description: '',
      value: 1,
      attributes: { s: 'x', i: 3, d: 1.5, b: true },
    });
  });

  it.each([
    [{ instrument: 'a'.repeat(256) }, 'm.instrument: '],
    [{ instrument: 'a b' }, 'm.instrument: "a b" is not a valid instrument name'],
    [{ unit: 'é' }, 'm.unit: must be at most 63 ASCII characters'],
    [{ value: Infinity }, 'm.value: must be a finite number, got Infinity'],
    [
      { kind: 'INSTRUMENT_KIND_HISTOGRAM', value: -2 },
      'm.value: a histogram takes no negative value, got -2',
    ],
    [
      { kind: 'INSTRUMENT_KIND_OBSERVABLE_GAUGE' },
      'm.kind: must be COUNTER, UP_DOWN_COUNTER, HISTOGRAM or GAUGE',
    ],
    [
      { attributes: [{ key: '', value: { boolValue: true, value: 'boolValue' } }] },
      'm.attributes[0].key: must not be empty',
    ],
    [
      { attributes: [{ key: 'n', value: { intValue: '9007199254740993', value: 'intValue' } }] },
      'm.attributes[0].value.int_value: must be within',
    ],
  ])('refuses %j naming the field', (change, message) => {
    expect(() => validateMeasurement({ ...ok, ...change } as typeof ok, 'm')).toThrow(message);
  });

  it('lets an up-down counter and a gauge take negative values', () => {
    expect(
      validateMeasurement({ ...ok, kind: 'INSTRUMENT_KIND_GAUGE' as never, value: -4 }, 'm').value,
    ).toBe(-4);
  });
});
