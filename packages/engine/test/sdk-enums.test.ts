import * as sdk from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import * as engine from '../src/index.js';

// The engine states sdk-metrics' enums itself, so that a service's start path never loads the
// package (src/sdk-enums.ts); the package is the oracle of every value, reverse mappings included.
describe('the enums the engine states for @opentelemetry/sdk-metrics', () => {
  for (const name of [
    'AggregationTemporality',
    'AggregationType',
    'DataPointType',
    'InstrumentType',
  ] as const) {
    it(`${name} has exactly the package's keys and values`, () => {
      expect({ ...engine[name] }).toStrictEqual({ ...sdk[name] });
    });
  }
});
